import ArgumentParser
import Foundation
import EventLoop
import WebSocket

struct EchoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo",
        abstract: "A WebSocket echo server on Tickwire's transport, for conformance tests and benchmarks.")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 9001

    @Option(name: .customLong("max-message-size"), help: "Largest message accepted, in bytes (larger: close 1009).")
    var maxMessageSize = 16 << 20

    @Option(name: .customLong("max-fragments"), help: "Most fragments in one message (more: close 1009).")
    var maxFragments = 100_000

    @Option(name: .customLong("idle-timeout"), help: "Seconds an open connection may receive nothing before it is reset (0: never).")
    var idleTimeout = 120.0

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve wss:// (with --tls-key; SIGHUP reloads both).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard idleTimeout >= 0, idleTimeout <= 86_400 else { throw ValidationError("--idle-timeout must be 0...86400 s, got \(idleTimeout)") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
        guard (1...(1 << 30)).contains(maxMessageSize) else {
            throw ValidationError("--max-message-size must be 1...\(1 << 30) bytes, got \(maxMessageSize)")
        }
        guard maxFragments >= 1 else { throw ValidationError("--max-fragments must be at least 1") }
    }

    func run() throws {
        ProcessLimits.raiseOpenFileLimit()
        let loop = try EventLoop()
        let echo = EchoHandler()
        let configuration = WebSocketServer.Configuration(
            host: host, port: port,
            limits: WebSocketLimits(maxMessageBytes: maxMessageSize, maxFragmentsPerMessage: maxFragments),
            deadlines: ConnectionDeadlines(silenceMilliseconds: UInt64(idleTimeout * 1000)))
        let server: WebSocketServer
        do {
            server = try WebSocketServer(loop: loop, configuration: configuration) { connection, _, _ in
                connection.handler = echo
            }
        } catch {
            throw ValidationError("cannot listen on \(host):\(port): \(error)")
        }
        if let tlsCert, let tlsKey {
            do { server.tlsContext = try TLSContext.server(certificateFile: tlsCert, keyFile: tlsKey) } catch {
                throw ValidationError("cannot serve TLS: \(error)")
            }
        }
        let reload = try SignalWatcher(loop: loop, signal: SIGHUP) { [unowned server] _ in
            guard let tlsCert, let tlsKey else { return }
            do { server.tlsContext = try TLSContext.server(certificateFile: tlsCert, keyFile: tlsKey) } catch {
                print("SIGHUP: kept the old TLS certificate: \(error)")
            }
        }
        let shutdown = try GracefulShutdown(loop: loop, server: server)
        print("tickwire echo listening on \(host):\(server.port)\(tlsCert == nil ? "" : " (TLS)")")
        fflush(nil)  // supervisors and benchmarks wait for this line on a pipe
        loop.run()
        reload.close()
        _ = shutdown
    }
}
