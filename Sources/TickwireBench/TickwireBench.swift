import ArgumentParser
import Foundation

/// `make bench`: programs that print figures. Each part starts the release server as a
/// separate process pinned to core 0, and drives it from this process (core 1).
@main
struct TickwireBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "TickwireBench", abstract: "Tickwire benchmarks; prints figures.")

    @Option(help: "The tickwire binary to benchmark.")
    var binary = ".build/release/tickwire"

    @Option(help: "Seconds per throughput measurement.")
    var seconds = 5.0

    @Option(name: .customLong("idle-connections"), help: "Idle connections for the memory measurement.")
    var idleConnections = 10_000

    func run() throws {
        pinSelf(to: 1)
        print("== WebSocket echo (tickwire echo on core 0, client on core 1, 127.0.0.1) ==")
        let port = 29_000 + Int.random(in: 0..<1000)
        let server = try ServerProcess(binary: binary, arguments: ["echo", "--port", String(port)], core: 0)
        defer { server.stop() }
        for (inFlight, label) in [(1, "ping-pong"), (16, "pipelined x16")] {
            let result = try EchoThroughput.run(port: port, connections: 100, size: 64, inFlight: inFlight,
                                                seconds: seconds, server: server)
            let cpuShare = result.serverCPUSeconds / result.seconds
            print(String(format: "echo 100 conns, 64 B, %@: %.0f echoes/s (server CPU %.0f%% of one core; %.0f echoes per server CPU-second)",
                         label, result.echoesPerSecond, cpuShare * 100, result.echoesPerSecond / max(cpuShare, 0.01)))
        }
        let idle = try IdleMemory.run(port: port, count: idleConnections, server: server)
        print(String(format: "idle memory: %d connections, server RSS %.1f MiB -> %.1f MiB, %.0f bytes per idle connection",
                     idle.connections, Double(idle.rssBefore) / 1_048_576, Double(idle.rssAfter) / 1_048_576,
                     idle.bytesPerConnection))
    }

    private func pinSelf(to core: Int) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") else { return }
        let pin = Process()
        pin.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        pin.arguments = ["-p", "-c", String(core), String(getpid())]
        pin.standardOutput = FileHandle.nullDevice
        try? pin.run()
        pin.waitUntilExit()
    }
}
