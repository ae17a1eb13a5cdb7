import Foundation
import Pong
import TickwireArena
import TickwireServer

// Serves Pong and Arena side by side: `pong-server [--port N] [--levels DIR] [--maps DIR]`.
var configuration = ServerConfiguration()
var levels = "levels", maps = "../../maps"
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--port": configuration.port = Int(value) ?? configuration.port
    case "--levels": levels = value
    case "--maps": maps = value
    case "--admin-token": configuration.adminToken = value
    default: fatalError("unknown flag \(flag); use --port, --levels, --maps, --admin-token")
    }
}
do {
    let games = [try PongGame.definition(levelsDirectory: levels), try ArenaGame.definition(mapsDirectory: maps)]
    try ServerRunner.run(configuration: configuration, games: games) { server in
        print("pong-server listening on \(configuration.host):\(server.port): pong and arena")
        fflush(nil)
    }
} catch {
    FileHandle.standardError.write(Data("pong-server: \(error)\n".utf8))
    exit(1)
}
