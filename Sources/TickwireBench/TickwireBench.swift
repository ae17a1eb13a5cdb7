import ArgumentParser
import EventLoop
import Foundation
import TestSupport

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

    @Option(help: "Comma-separated parts to run: snapshot, echo, idle, tls, e2e, record, cluster.")
    var parts = "snapshot,echo,idle,tls,e2e,record,cluster"

    @Option(name: .customLong("cluster-joins"), help: "Joins timed per case in the cluster part.")
    var clusterJoins = 500

    @Option(name: .customLong("record-clients"), help: "Bots for the recording part (e2e without and with --record).")
    var recordClients = 1000

    @Option(name: .customLong("e2e-steps"), help: "Bot counts of the end-to-end ramp steps.")
    var e2eSteps = "100,400,1000,2000"

    @Option(name: .customLong("e2e-window"), help: "Seconds measured per end-to-end step, after the ramp.")
    var e2eWindow = 15.0

    @Option(name: .customLong("floor-binary"), help: "The bare epoll floor program (tickwire-floor).")
    var floorBinary = ".build/release/tickwire-floor"

    @Option(name: .customLong("e2e-output"), help: "JSON file for the end-to-end figures.")
    var e2eOutput = "bench-results/e2e.json"

    @Option(help: "Map file for the snapshot scene.")
    var map = "maps/arena.map"

    func run() throws {
        pinSelf(to: 1)
        let selected = Set(parts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        // Flush after each part: stdout is block-buffered under make and pipes.
        if selected.contains("snapshot") { try snapshotPart(); fflush(nil) }
        if selected.contains("echo") || selected.contains("idle") { try transportPart(selected); fflush(nil) }
        if selected.contains("tls") { try tlsPart(); fflush(nil) }
        if selected.contains("e2e") { try endToEndPart(); fflush(nil) }
        if selected.contains("record") { try recordingPart(); fflush(nil) }
        if selected.contains("cluster") { try clusterPart(); fflush(nil) }
    }

    /// The directory's cost per join: Redis, a single node and two cluster nodes (servers on
    /// core 0, Redis unpinned), joins timed from connect to welcome.
    private func clusterPart() throws {
        print("== Cluster: join latency, connect to welcome, one join at a time (servers on core 0) ==")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickwire-bench-cluster-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let mapsDirectory = URL(fileURLWithPath: map).deletingLastPathComponent().path
        let redisPort = try ServerProcess.freePort()
        let redis = try ServerProcess(binary: "/usr/bin/redis-server", arguments: [
            "--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                                      core: nil, port: redisPort, logPath: directory + "/redis.log")
        defer { redis.stop() }
        func node(_ id: String?) throws -> (ServerProcess, Int) {
            let port = try ServerProcess.freePort()
            var arguments = ["serve", "--host", "127.0.0.1", "--port", String(port), "--maps", mapsDirectory]
            if let id {
                arguments += ["--redis", "redis://127.0.0.1:\(redisPort)", "--node-id", id, "--public-url", "ws://127.0.0.1:\(port)/"]
            }
            return (try ServerProcess(binary: binary, arguments: arguments, core: 0, port: port, logPath: directory + "/\(id ?? "single").log"), port)
        }
        let (single, singlePort) = try node(nil)
        defer { single.stop() }
        let (a, aPort) = try node("a")
        defer { a.stop() }
        let (b, bPort) = try node("b")
        defer { b.stop() }
        // The nodes register within their first second; the room for redirects lives on B.
        Thread.sleep(forTimeInterval: 1.5)
        _ = try ClusterJoin.run(port: bPort, room: "on-b", count: 0, warmup: 1)
        Thread.sleep(forTimeInterval: 1.5)  // A's copy of the directory lists it

        let alone = try ClusterJoin.run(port: singlePort, room: "alone", count: clusterJoins)
        let owning = try ClusterJoin.run(port: aPort, room: "on-a", count: clusterJoins)
        let redirected = try ClusterJoin.run(port: aPort, room: "on-b", count: clusterJoins)
        func line(_ label: String, _ result: ClusterJoin.Result) {
            print(String(format: "%@: p50 %.2f ms, p99 %.2f ms (%d joins, %d redirects)", label, result.percentile(0.5),
                         result.percentile(0.99), result.milliseconds.count, result.redirects))
        }
        line("single node, no directory      ", alone)
        line("cluster, through the room's node", owning)
        line("cluster, through another node  ", redirected)
        print(String(format: "directory overhead per join: through the room's node +%.2f ms p50, +%.2f ms p99; through a redirect +%.2f ms p50, +%.2f ms p99",
                     owning.percentile(0.5) - alone.percentile(0.5), owning.percentile(0.99) - alone.percentile(0.99),
                     redirected.percentile(0.5) - alone.percentile(0.5), redirected.percentile(0.99) - alone.percentile(0.99)))
    }

    /// What recording costs: the e2e step at `recordClients` without and with --record,
    /// alternated twice; then the recordings' size per player-minute and how fast they
    /// re-simulate.
    private func recordingPart() throws {
        print("== Recording: e2e at \(recordClients) bots without and with serve --record (alternated) ==")
        let mapsDirectory = URL(fileURLWithPath: map).deletingLastPathComponent().path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickwire-bench-record-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var micros: [Bool: [Double]] = [false: [], true: []]
        for recording in [false, true, false, true] {
            try? FileManager.default.removeItem(atPath: directory)
            let report = try EndToEnd.run(EndToEnd.Options(
                binary: binary, mapsDirectory: mapsDirectory, steps: [recordClients], windowSeconds: e2eWindow,
                outputPath: "bench-results/record-\(recording ? "on" : "off").json",
                extraServerArguments: recording ? ["--record", directory] : []))
            guard let step = report.steps.first else { throw BenchError("the \(recordClients)-bot step did not run") }
            micros[recording, default: []].append(step.serverCPUMicrosPerClientSecond)
        }
        let off = micros[false]!.reduce(0, +) / 2, on = micros[true]!.reduce(0, +) / 2
        print(String(format: "server CPU per client-second: %.0f µs without, %.0f µs with recording (runs: %@ / %@): %+.1f%%",
                     off, on, micros[false]!.map { String(format: "%.0f", $0) }.joined(separator: ", "),
                     micros[true]!.map { String(format: "%.0f", $0) }.joined(separator: ", "), (on - off) / off * 100))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".twr") }.map { directory + "/" + $0 }
        var bytes = 0, playerSeconds = 0.0
        for file in files {
            bytes += (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let summary = try JSONSerialization.jsonObject(with: Data(runTickwire(["replay", "--json", "--maps", mapsDirectory, file]).utf8))
            let players = ((summary as? [String: Any])?["players"] as? [[String: Any]]) ?? []
            let end = ((summary as? [String: Any])?["durationSeconds"] as? Double) ?? 0
            playerSeconds += players.reduce(0) { $0 + (($1["leftAtSeconds"] as? Double) ?? end) - (($1["joinedAtSeconds"] as? Double) ?? 0) }
        }
        print(String(format: "recordings: %d files, %.1f MiB, %.0f bytes per player-minute", files.count, Double(bytes) / 1_048_576,
                     Double(bytes) / max(playerSeconds / 60, 1e-9)))
        if let largest = files.max(by: { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0
                                         < (try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0 }) {
            let verified = try runTickwire(["replay", "--verify", "--maps", mapsDirectory, largest])
            print("re-simulation of the largest: " + verified.split(separator: "\n").dropFirst().joined(separator: "; "))
        }
    }

    private func runTickwire(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    private func endToEndPart() throws {
        print("== End to end: tickwire serve (core 0) under tickwire bot (core 1), arena rooms of 8, 60 ticks/s, 30 snapshots/s ==")
        let steps = e2eSteps.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !steps.isEmpty, steps.allSatisfy({ $0 > 0 }) else { throw BenchError("--e2e-steps: give positive counts, e.g. 100,400") }
        let mapsDirectory = URL(fileURLWithPath: map).deletingLastPathComponent().path
        let hasFloor = FileManager.default.isExecutableFile(atPath: floorBinary)
        if !hasFloor { print("no floor: \(floorBinary) is missing (make bench builds it)") }
        let report = try EndToEnd.run(EndToEnd.Options(binary: binary, mapsDirectory: mapsDirectory, steps: steps,
                                                       windowSeconds: e2eWindow, outputPath: e2eOutput,
                                                       floorBinary: hasFloor ? floorBinary : nil))
        for step in report.steps {
            guard let floor = step.floor, floor.meanServer > 0, floor.meanClient > 0 else { continue }
            print(String(format: "%d clients: Tickwire %.1f µs (%.1f user) / floor %.1f µs (%.1f user) per client-second (%.1f before the step, %.1f after) = %.2fx the floor; bots %.1f µs / floor client %.1f µs = %.2fx",
                         step.target, step.serverCPUMicrosPerClientSecond, step.serverUserMicrosPerClientSecond, floor.meanServer,
                         (floor.before.serverUser + floor.after.serverUser) / 2, floor.before.server, floor.after.server,
                         step.serverCPUMicrosPerClientSecond / floor.meanServer,
                         step.botCPUMicrosPerClientSecond, floor.meanClient, step.botCPUMicrosPerClientSecond / floor.meanClient))
            if floor.drift > Floor.Bracket.tolerableDrift {
                print(String(format: "  the floor moved %.0f%% across the step: the machine's speed changed, so these ratios are unreliable", floor.drift * 100))
            }
            if step.botCPUShare > 0.9 {
                print(String(format: "  the bots used %.0f%% of their core: late inputs come in bursts, so the load generator may be the limit here", step.botCPUShare * 100))
            }
        }
    }

    private func snapshotPart() throws {
        print("== Snapshots: 8 players moving and shooting, 60 ticks/s, 30 snapshots/s, prompt acks ==")
        let r = try SnapshotBench.run(mapPath: map)
        let deltas = r.snapshots - r.fullCount
        let meanDelta = deltas > 0 ? Double(r.deltaBytes) / Double(deltas) : 0
        let meanFull = r.fullCount > 0 ? Double(r.fullBytes) / Double(r.fullCount) : 0
        print(String(format: "bytes per moving player per snapshot: %.2f", r.movingPlayerBytes))
        print("bytes per unchanged entity: \(r.unchangedEntityBytes)")
        print(String(format: "snapshot size: full %.0f B, delta %.1f B (mean), full/delta ratio %.1f", meanFull, meanDelta,
                     meanDelta > 0 ? meanFull / meanDelta : 0))
        print(String(format: "bytes per client per second (with kind byte and WebSocket framing): %.0f B/s", r.bytesPerClientPerSecond))
        print(String(format: "encode time per snapshot: %.2f µs (%d encodes)", Double(r.encodeNanos) / Double(max(r.encodes, 1)) / 1000, r.encodes))
        print(String(format: "decode time per snapshot (a client, against its ring): %.2f µs", Double(r.decodeNanos) / Double(max(r.encodes, 1)) / 1000))
    }

    private func transportPart(_ selected: Set<String>) throws {
        print("== WebSocket echo (tickwire echo on core 0, client on core 1, 127.0.0.1) ==")
        let port = try ServerProcess.freePort()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tickwire-bench-echo-\(port).log").path
        let server = try ServerProcess(binary: binary, arguments: ["echo", "--port", String(port)], core: 0, port: port, logPath: log)
        defer { server.stop() }
        for (inFlight, label) in [(1, "ping-pong"), (16, "pipelined x16")] where selected.contains("echo") {
            let result = try EchoThroughput.run(port: port, connections: 100, size: 64, inFlight: inFlight,
                                                seconds: seconds, server: server)
            let cpuShare = result.serverCPUSeconds / result.seconds
            print(String(format: "echo 100 conns, 64 B, %@: %.0f echoes/s (server CPU %.0f%% of one core; %.0f echoes per server CPU-second)",
                         label, result.echoesPerSecond, cpuShare * 100, result.echoesPerSecond / max(cpuShare, 0.01)))
        }
        guard selected.contains("idle") else { return }
        let idle = try IdleMemory.run(port: port, count: idleConnections, server: server)
        print(String(format: "idle memory: %d connections, server RSS %.1f MiB -> %.1f MiB, %.0f bytes per idle connection",
                     idle.connections, Double(idle.rssBefore) / 1_048_576, Double(idle.rssAfter) / 1_048_576,
                     idle.bytesPerConnection))
    }

    /// ws:// against wss:// in one run: two echo servers, the same load alternated twice,
    /// then idle memory per connection for each.
    private func tlsPart() throws {
        print("== TLS: echo over ws:// and wss:// (tickwire echo on core 0, client on core 1) ==")
        let certificate = try TestCertificate.make(commonName: "bench")
        defer { certificate.remove() }
        let plainPort = try ServerProcess.freePort()
        let plain = try ServerProcess(binary: binary, arguments: ["echo", "--port", String(plainPort)], core: 0, port: plainPort,
                                      logPath: certificate.directory + "/plain.log")
        defer { plain.stop() }
        let tlsPort = try ServerProcess.freePort()
        let secure = try ServerProcess(binary: binary, arguments: ["echo", "--port", String(tlsPort), "--tls-cert", certificate.certificateFile,
                                                                   "--tls-key", certificate.keyFile],
                                       core: 0, port: tlsPort, logPath: certificate.directory + "/tls.log")
        defer { secure.stop() }
        let client = try TLSContext.client(caFile: certificate.certificateFile)
        var rates: [Bool: [Double]] = [:]
        for round in 1...2 {
            for overTLS in [false, true] {
                let result = try EchoThroughput.run(port: overTLS ? tlsPort : plainPort, connections: 100, size: 64, inFlight: 1,
                                                    seconds: seconds, server: overTLS ? secure : plain, tls: overTLS ? client : nil)
                rates[overTLS, default: []].append(result.echoesPerSecond)
                print(String(format: "round %d, %@: echo 100 conns, 64 B, ping-pong: %.0f echoes/s (server CPU %.0f%% of one core)",
                             round, overTLS ? "wss" : "ws ", result.echoesPerSecond, result.serverCPUSeconds / result.seconds * 100))
            }
        }
        let plainMean = rates[false, default: []].reduce(0, +) / 2
        let tlsMean = rates[true, default: []].reduce(0, +) / 2
        print(String(format: "wss keeps %.0f%% of ws ping-pong throughput", tlsMean / max(plainMean, 1) * 100))
        let count = min(idleConnections, 5_000)
        let plainIdle = try IdleMemory.run(port: plainPort, count: count, server: plain)
        let tlsIdle = try IdleMemory.run(port: tlsPort, count: count, server: secure, tls: client)
        print(String(format: "idle memory, %d connections: ws %.0f B, wss %.0f B per connection (TLS adds %.0f B)", count,
                     plainIdle.bytesPerConnection, tlsIdle.bytesPerConnection, tlsIdle.bytesPerConnection - plainIdle.bytesPerConnection))
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
