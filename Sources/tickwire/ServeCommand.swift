import ArgumentParser
import EventLoop
import WebSocket

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the game server.")

    @Option(help: "Address to listen on.")
    var host = "0.0.0.0"

    @Option(help: "Port to listen on.")
    var port = 7777

    @Option(help: "Directory of map files.")
    var maps = "maps"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
    }

    func run() throws {
        ProcessLimits.raiseOpenFileLimit()
        let loop = try EventLoop()
        let server: WebSocketServer
        do {
            server = try WebSocketServer(loop: loop, configuration: .init(host: host, port: port)) { connection, _, _ in
                connection.close(code: .tryAgainLater, reason: "no game yet")
            }
        } catch {
            throw ValidationError("cannot listen on \(host):\(port): \(error)")
        }
        let shutdown = try GracefulShutdown(loop: loop, server: server)
        print("tickwire serve listening on \(host):\(server.port)")
        loop.run()
        _ = shutdown
    }
}
