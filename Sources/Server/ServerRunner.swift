import EventLoop
import GameCore
import Logging
import WebSocket
#if canImport(Glibc)
import Glibc
#endif

/// Runs a game server as a whole program: its own loop, SIGINT/SIGTERM for a graceful
/// shutdown (close 1001 to everyone), SIGHUP to reload the TLS certificate, back when it
/// has stopped. `tickwire serve` is this;
/// a program serving its own games calls it the same way. To embed a server in a program
/// with a loop of its own, create a `GameServer` on that loop instead.
public enum ServerRunner {
    /// `onListening` runs once the port is bound (print the address, start metrics...).
    public static func run(configuration: ServerConfiguration, games: [GameDefinition],
                           logger: Logger = Logger(label: "tickwire"),
                           onListening: (GameServer) -> Void = { _ in }) throws {
        ProcessLimits.raiseOpenFileLimit()
        let loop = try EventLoop()
        // The ring belongs to one thread: here (and in `tickwire bot`) one runs the loop for life.
        if configuration.ioUring {
            // Clamped: the configuration's problems are reported by GameServer, just below.
            let gather = UInt32(clamping: min(max(configuration.readGatherMilliseconds, 0), 50)) * 1000
            if !loop.enableRingReceives(gatherMicroseconds: gather) {
                logger.notice("io_uring receives need Linux 6.1 or later: reads go through epoll")
            } else if configuration.readGatherMilliseconds > 0 && !loop.gathersReceives {
                logger.notice("gathering reads needs Linux 6.12 or later: each message is read as it comes")
            }
        }
        let server = try GameServer(loop: loop, configuration: configuration, games: games, logger: logger)
        let shutdown = try GracefulShutdown(loop: loop, server: server.webSocketServer)
        shutdown.willShutDown = {
            logger.info("signal received: shutting down")
            server.closeRooms()  // players hear why; recordings get their trailers
        }
        let reload = try SignalWatcher(loop: loop, signal: SIGHUP) { _ in
            guard server.isTLS else { return }
            do {
                try server.reloadCertificate()
                logger.info("SIGHUP: reloaded the TLS certificate \(configuration.tlsCertificateFile ?? "")")
            } catch {
                logger.error("SIGHUP: kept the old TLS certificate: \(error)")
            }
        }
        onListening(server)
        loop.run()
        // The last recording writes run on libuv's thread pool, and a cluster node's last
        // words to its directory are on their way: let them land (5 s at most).
        let deadline = loop.nowMilliseconds + 5_000
        while server.isWritingRecordings || server.isLeavingDirectory, loop.nowMilliseconds < deadline, loop.runOnce() {}
        reload.close()
        withExtendedLifetime(shutdown) {}
        logger.info("stopped")
    }
}
