import EventLoop
import WebSocket

/// Drives an echo server with `connections` WebSockets, each keeping `inFlight` messages
/// of `size` bytes outstanding, and counts echoes over `seconds`.
final class EchoThroughput {
    final class Driver: WebSocketHandler {
        let payload: [UInt8]
        var echoes = 0
        var counting = false
        init(payload: [UInt8]) { self.payload = payload }

        func webSocket(_ connection: WebSocketConnection, didReceiveBinary bytes: UnsafeRawBufferPointer) {
            if counting { echoes += 1 }
            payload.withUnsafeBytes { connection.sendBinary($0) }
        }
        func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) {}
    }

    struct Result {
        let echoesPerSecond: Double
        let serverCPUSeconds: Double
        let seconds: Double
    }

    static func run(port: Int, connections: Int, size: Int, inFlight: Int, seconds: Double,
                    server: ServerProcess, tls: TLSContext? = nil) throws -> Result {
        let loop = try EventLoop()
        let payload = [UInt8](repeating: 0x42, count: size)
        var drivers: [Driver] = []
        var open: [WebSocketConnection] = []
        var failures = 0
        for _ in 0..<connections {
            WebSocketClient.connect(loop: loop, host: "127.0.0.1", port: port,
                                    limits: WebSocketLimits(maxMessageBytes: 1 << 24), tls: tls) { result in
                switch result {
                case .success(let connection):
                    let driver = Driver(payload: payload)
                    connection.handler = driver
                    drivers.append(driver)
                    open.append(connection)
                    if open.count + failures == connections { loop.stop() }
                case .failure:
                    failures += 1
                    if open.count + failures == connections { loop.stop() }
                }
            }
        }
        loop.run()
        guard failures == 0 else { throw BenchError("\(failures) of \(connections) connections failed") }

        // Warm up for a short while, then count.
        for (driver, connection) in zip(drivers, open) {
            for _ in 0..<inFlight { payload.withUnsafeBytes { connection.sendBinary($0) } }
            _ = driver
        }
        let warmup = LoopTimer(loop: loop)
        warmup.start(delay: 500) { loop.stop() }
        loop.run()
        for driver in drivers { driver.counting = true }
        let cpuBefore = server.cpu.total
        let start = EventLoop.monotonicNanoseconds()
        let stopTimer = LoopTimer(loop: loop)
        stopTimer.start(delay: UInt64(seconds * 1000)) { loop.stop() }
        loop.run()
        let elapsed = Double(EventLoop.monotonicNanoseconds() - start) / 1e9
        let cpu = server.cpu.total - cpuBefore
        let echoes = drivers.reduce(0) { $0 + $1.echoes }
        for driver in drivers { driver.counting = false }
        for connection in open { connection.abort() }
        warmup.close()
        stopTimer.close()
        loop.runOnce(wait: false)
        return Result(echoesPerSecond: Double(echoes) / elapsed, serverCPUSeconds: cpu, seconds: elapsed)
    }
}
