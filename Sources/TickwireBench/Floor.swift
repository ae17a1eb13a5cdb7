import Foundation

/// The kernel's floor for the e2e traffic: `tickwire-floor` (bare epoll in C, Sources/Floor)
/// serving the same number of loopback clients 47-byte frames at 30 Hz and reading their
/// 30 inputs a second, server on core 0 and clients on core 1 as in the e2e part.
enum Floor {
    /// CPU microseconds per client-second.
    struct Figures: Codable {
        var server: Double
        var serverUser: Double
        /// The client process: what the kernel costs a load generator for this traffic.
        var client: Double
    }

    /// The floor measured just before and just after an e2e step: the machine's speed
    /// drifts by a third within minutes here, so a ratio needs its floor from the same minute.
    struct Bracket: Codable {
        var before: Figures
        var after: Figures
        var meanServer: Double { (before.server + after.server) / 2 }
        var meanClient: Double { (before.client + after.client) / 2 }
        /// How far the two server figures differ, as a share of their mean.
        var drift: Double { meanServer > 0 ? abs(after.server - before.server) / meanServer : 0 }
        /// Beyond this the step's ratio says more about the machine than about the server.
        static let tolerableDrift = 0.15
    }

    static func measure(binary: String, clients: Int, windowSeconds: Double, settleSeconds: Double = 2) throws -> Figures {
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
        let serverBefore = server.cpu, clientBefore = CPUTimes(pid: client.processIdentifier), start = Date()
        Thread.sleep(forTimeInterval: windowSeconds)
        let serverCPU = server.cpu - serverBefore, clientCPU = CPUTimes(pid: client.processIdentifier) - clientBefore
        let perClientSecond = 1e6 / (Double(clients) * Date().timeIntervalSince(start))
        return Figures(server: serverCPU.total * perClientSecond, serverUser: serverCPU.user * perClientSecond,
                       client: clientCPU.total * perClientSecond)
    }
}
