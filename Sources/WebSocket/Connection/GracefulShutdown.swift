import EventLoop
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT/SIGTERM handling for a server: stop accepting, send close 1001 to everyone,
/// wait for them to go (at most `deadline`), then release the loop so `run()` returns.
public final class GracefulShutdown {
    private let loop: EventLoop
    private var watchers: [SignalWatcher] = []
    private var poll: LoopTimer?
    public private(set) var isShuttingDown = false
    /// Extra work before connections close (e.g. rooms telling players why).
    public var willShutDown: (() -> Void)?

    public init(loop: EventLoop, server: WebSocketServer, deadlineMilliseconds: UInt64 = 2_000) throws(LoopError) {
        self.loop = loop
        for signal in [SIGINT, SIGTERM] {
            watchers.append(try SignalWatcher(loop: loop, signal: signal) { [unowned self, unowned server] _ in
                self.begin(server: server, deadlineMilliseconds: deadlineMilliseconds)
            })
        }
    }

    public func begin(server: WebSocketServer, deadlineMilliseconds: UInt64) {
        guard !isShuttingDown else { return }
        isShuttingDown = true
        willShutDown?()
        server.closeAll(code: .goingAway, reason: "server shutting down")
        let start = loop.nowMilliseconds
        let timer = LoopTimer(loop: loop)
        poll = timer
        timer.start(delay: 10, repeat: 10) { [unowned self, unowned server] in
            let expired = self.loop.nowMilliseconds &- start >= deadlineMilliseconds
            guard server.connections.isEmpty || expired else { return }
            for connection in server.connections { connection.abort() }
            server.shutdown()
            self.finish()
        }
    }

    private func finish() {
        poll?.close()
        poll = nil
        for watcher in watchers { watcher.close() }
        watchers = []
        loop.stop()
    }
}
