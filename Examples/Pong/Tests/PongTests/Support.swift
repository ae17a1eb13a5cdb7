import Foundation
import Pong
import TickwireArena
import TickwireClient
import TickwireServer
#if canImport(Glibc)
import Glibc
#endif

/// The Tickwire repository (this package lives in its Examples/Pong).
var repositoryRoot: String {
    var path = #filePath
    for _ in 0..<5 { path = String(path[..<path.lastIndex(of: "/")!]) }
    return path
}

/// Runs the loop until `condition` holds or `seconds` pass; whether it held.
@discardableResult
func runUntil(_ loop: EventLoop, seconds: Double = 5, _ condition: @escaping () -> Bool) -> Bool {
    if condition() { return true }
    var met = false
    let check = LoopTimer(loop: loop)
    check.start(delay: 2, repeat: 2) { if condition() { met = true; loop.stop() } }
    let deadline = LoopTimer(loop: loop)
    deadline.start(delay: UInt64(seconds * 1000)) { loop.stop() }
    loop.run()
    check.close()
    deadline.close()
    return met
}

/// A server with Pong (the default game) and Arena on 127.0.0.1, on a fresh loop.
func makeServer(adminToken: String? = nil) throws -> (EventLoop, GameServer) {
    var configuration = ServerConfiguration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.adminToken = adminToken
    let games = [try PongGame.definition(levelsDirectory: repositoryRoot + "/Examples/Pong/levels"),
                 try ArenaGame.definition(mapsDirectory: repositoryRoot + "/maps")]
    let loop = try EventLoop()
    return (loop, try GameServer(loop: loop, configuration: configuration, games: games))
}

/// Closes what a test opened and lets the loop release it.
func tearDown(_ loop: EventLoop, _ server: GameServer, _ clients: [GameClient]) {
    for client in clients { client.close() }
    server.closeRooms()
    server.webSocketServer.closeAll()
    runUntil(loop, seconds: 2) { server.connectionCount == 0 }
    server.webSocketServer.shutdown()
    for _ in 0..<8 { loop.runOnce(wait: false) }
}

/// The `tickwire` binary of the repository's debug build (`make test` builds it first).
var tickwireBinary: String { repositoryRoot + "/.build/debug/tickwire" }

/// A private tmux server holding one session, to drive a terminal program and read its screen.
final class Tmux {
    let socket = "pong-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    init(width: Int, height: Int, command: String) throws {
        // posix_spawn and waitpid, not Process: its stdio must not be a pipe (the tmux server
        // it starts would hold it open), and the test runner's reaping cannot be relied on.
        let arguments = ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t",
                         "-x", "\(width)", "-y", "\(height)", command]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, "tmux", &actions, nil, argv, environ) == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard status == 0 else { throw CocoaError(.executableLoad) }
    }

    func capture() -> [String] {
        (Self.run(["capture-pane", "-p", "-t", "t"], socket: socket) ?? "").components(separatedBy: "\n")
    }

    func press(_ key: String) { _ = Self.run(["send-keys", "-t", "t", key], socket: socket) }

    func kill() { _ = Self.run(["kill-server"], socket: socket) }

    static var isAvailable: Bool { run(["-V"], socket: nil) != nil }

    /// Runs tmux; its output, or nil when it failed.
    static func run(_ arguments: [String], socket: String?) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + (socket.map { ["-L", $0, "-f", "/dev/null"] } ?? []) + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
