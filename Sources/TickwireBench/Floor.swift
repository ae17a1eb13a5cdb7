import Foundation

/// The kernel's floor for the e2e traffic: `tickwire-floor` (bare epoll in C, Sources/Floor)
/// serving the same number of loopback clients 47-byte frames at 30 Hz and reading their
/// 30 inputs a second, server on core 0 and clients on core 1 as in the e2e part.
enum Floor {
    /// Server CPU microseconds per client-second.
    static func measure(binary: String, clients: Int, windowSeconds: Double, settleSeconds: Double = 2) throws -> Double {
        let port = try ServerProcess.freePort()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tickwire-bench-floor-\(port).log").path
        let server = try ServerProcess(binary: binary, arguments: ["server", String(port)], core: 0, port: port, logPath: log)
        defer { server.stop() }
        let client = Process()
        ServerProcess.configure(client, binary: binary,
                                arguments: ["client", String(port), String(clients), String(Int(settleSeconds + windowSeconds) + 10)],
                                core: 1)
        let output = Pipe()
        client.standardOutput = output
        try client.run()
        defer {
            client.terminate()
            client.waitUntilExit()
        }
        // The client prints "connected N" once every connection is up.
        var seen = ""
        while !seen.contains("connected") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchError("tickwire-floor client ended before connecting") }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        Thread.sleep(forTimeInterval: settleSeconds)
        let cpuBefore = server.cpuSeconds, start = Date()
        Thread.sleep(forTimeInterval: windowSeconds)
        let cpu = server.cpuSeconds - cpuBefore, seconds = Date().timeIntervalSince(start)
        return cpu * 1e6 / (Double(clients) * seconds)
    }
}
