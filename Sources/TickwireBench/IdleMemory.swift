import EventLoop
import WebSocket

/// Opens `count` idle WebSockets to a server and measures how much its RSS grows.
enum IdleMemory {
    final class Idle: WebSocketHandler {
        var closed = 0
        func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {}
        func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) { closed += 1 }
    }

    struct Result {
        let connections: Int
        let rssBefore: Int
        let rssAfter: Int
        var bytesPerConnection: Double { Double(rssAfter - rssBefore) / Double(connections) }
    }

    static func run(port: Int, count: Int, server: ServerProcess, tls: TLSContext? = nil) throws -> Result {
        ProcessLimits.raiseOpenFileLimit()
        let loop = try EventLoop()
        let handler = Idle()
        var open: [WebSocketConnection] = []
        var failures: [String] = []
        let before = server.residentBytes
        // Connect in batches so the listen backlog is never overrun.
        var started = 0
        func startBatch() {
            let batch = min(500, count - started)
            for _ in 0..<batch {
                started += 1
                WebSocketClient.connect(loop: loop, host: "127.0.0.1", port: port, tls: tls) { result in
                    switch result {
                    case .success(let connection):
                        connection.handler = handler
                        open.append(connection)
                    case .failure(let error):
                        failures.append(error.description)
                    }
                    let done = open.count + failures.count
                    if done == count { loop.stop() } else if done == started { startBatch() }
                }
            }
        }
        startBatch()
        loop.run()
        guard failures.isEmpty else {
            throw BenchError("\(failures.count) of \(count) idle connections failed, first: \(failures[0])")
        }
        // Let the server settle, then read its RSS.
        let settle = LoopTimer(loop: loop)
        settle.start(delay: 1000) { loop.stop() }
        loop.run()
        let after = server.residentBytes
        for connection in open { connection.abort() }
        settle.close()
        loop.runOnce(wait: false)
        return Result(connections: count, rssBefore: before, rssAfter: after)
    }
}
