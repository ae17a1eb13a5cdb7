import ArgumentParser
import Client
import EventLoop
import Spectator
#if canImport(Glibc)
import Glibc
#endif

struct SpectateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectate",
        abstract: "Watch rooms live in the terminal (admin token required).",
        discussion: """
            Keys: room list: Up/Down choose, Enter watch. In a room: r or Tab next room, l back to the list, \
            p pause, arrows scroll a large map, c follow the players. q quits anywhere. \
            A recording of a server started with --record is watched as room replay:ID (see GET /replays); \
            there space or p pause and play, + and - change the speed, [ and ] seek 10 s, 0 goes to the start.
            """)

    @Option(help: "Server URL (ws://host:port or wss://host:port).")
    var url = "ws://127.0.0.1:7777"

    @Option(name: .customLong("admin-token"), help: "The server's --admin-token.")
    var adminToken = ""

    @Option(help: "A signed token (JWT) with the admin claim, instead of --admin-token on a server started with --auth-key.")
    var token = ""

    @Option(help: "Room id to watch at once, or replay:ID for a recording (default: the room list).")
    var room: String?

    @OptionGroup var tls: ClientTLSOptions

    func validate() throws {
        do { _ = try WebSocketURL(parsing: url, plainPort: 7777) } catch { throw ValidationError("--url: \(error.description)") }
        guard !adminToken.isEmpty || !token.isEmpty else { throw ValidationError("give --admin-token, or --token with the admin claim") }
    }

    func run() throws {
        guard let address = try? WebSocketURL(parsing: url, plainPort: 7777) else { return }
        let loop = try EventLoop()
        let terminal = CursesTerminal()
        let app = SpectatorApp(loop: loop, terminal: terminal, address: address, adminToken: adminToken, room: room,
                               tls: try tls.context(secure: address.isSecure), credential: token)
        app.onFinish = { _ in loop.stop() }
        // Ctrl-C and kill end the app like `q`, so the terminal is restored on the way out.
        // (SignalWatcher unblocks what a parent may have blocked; EventLoop ignores SIGPIPE.)
        let signals = try [SIGINT, SIGTERM, SIGHUP].map { signal in
            try SignalWatcher(loop: loop, signal: signal) { _ in app.quit() }
        }
        app.start()
        loop.run()
        terminal.restore()
        signals.forEach { $0.close() }
        if case .failed(let reason) = app.outcome {
            var standardError = StandardError()
            print("tickwire spectate: \(reason)", to: &standardError)
            throw ExitCode(2)
        }
    }
}

/// stderr as a `TextOutputStream`, for the one message printed after the terminal is back.
private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = Glibc.write(2, &bytes, bytes.count)
    }
}
