import Foundation
import Pong
import TickwireArena
import TickwireServer

// Serves Pong and Arena side by side:
// `pong-server [--port N] [--levels DIR] [--maps DIR] [--web DIR] [--admin-token T]`.
// The defaults suit a run from Examples/Pong (as `make run-pong` does).
var configuration = ServerConfiguration()
configuration.webDirectory = "../../web"
var levels = "levels", maps = "../../maps"

func usageError(_ message: String) -> Never {
    FileHandle.standardError.write(Data("pong-server: \(message)\n".utf8))
    exit(2)
}

let usage = "usage: pong-server [--port N] [--levels DIR] [--maps DIR] [--web DIR] [--admin-token T]"
var arguments = CommandLine.arguments.dropFirst()

@MainActor func value(of flag: String) -> String {
    guard let value = arguments.popFirst() else { usageError("\(flag) needs a value") }
    return value
}

while let flag = arguments.popFirst() {
    switch flag {
    case "--help", "-h":
        print(usage)
        exit(0)
    case "--port":
        let text = value(of: flag)
        guard let port = Int(text), (0...65535).contains(port) else { usageError("--port must be 0...65535, not \(text)") }
        configuration.port = port
    case "--levels": levels = value(of: flag)
    case "--maps": maps = value(of: flag)
    case "--web":
        let directory = value(of: flag)
        configuration.webDirectory = directory.isEmpty ? nil : directory  // "": serve no files
    case "--admin-token": configuration.adminToken = value(of: flag)
    default: usageError("unknown flag \(flag)\n\(usage)")
    }
}
// A value the server would refuse (a short admin token) is a usage error too.
let problems = configuration.problems()
if !problems.isEmpty { usageError(problems.joined(separator: "\n")) }
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
