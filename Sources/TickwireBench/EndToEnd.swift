import Foundation

/// The end-to-end load benchmark: a release `tickwire serve` pinned to core 0 and, per
/// ramp step, a `tickwire bot` process pinned to core 1 whose bots fill arena rooms of 8
/// at 60 ticks/s and 30 snapshots/s. Server figures (CPU from /proc, counters and the
/// tick histogram from /metrics) are deltas over a measurement window that starts once
/// every bot is in a room; latency comes from the bot process's JSON summary.
enum EndToEnd {
    struct Options {
        var binary: String
        var mapsDirectory: String
        var steps: [Int]
        var windowSeconds: Double
        var rampTimeoutSeconds: Double = 30
        var settleSeconds: Double = 2
        var outputPath: String
        /// More `serve` flags (e.g. --record DIR).
        var extraServerArguments: [String] = []
        /// `tickwire-floor`, measured right before and after each step (nil: no floor).
        var floorBinary: String?
    }

    struct Step: Codable {
        var target: Int
        /// Players in rooms on the server at the end of the window (the /metrics gauge).
        var clients: Int
        /// Bots that joined a room, per the bot summary.
        var botsConnected: Int
        var botsFailed: Int
        var rampSeconds: Double
        var windowSeconds: Double
        var rooms: Int
        var serverCPUShare: Double
        var serverCPUMicrosPerClientSecond: Double
        /// The server's own code, without the kernel's work for it.
        var serverUserMicrosPerClientSecond: Double
        var botCPUShare: Double
        var botCPUMicrosPerClientSecond: Double
        /// Busy share of all cores of the machine during the window (other work included).
        var machineBusyCores: Double
        var ticks: Int
        var ticksPerRoomPerSecond: Double
        /// Tick duration as histogram bucket upper bounds, in microseconds (nil = +Inf).
        var tickP50BucketMicros: Double?
        var tickP99BucketMicros: Double?
        var tickMaxBucketMicros: Double?
        var lateTicks: Int
        var missedTicks: Int
        var snapshotsSkipped: Int
        var snapshotsFull: Int
        var snapshotsDelta: Int
        /// Payload bytes per client per second as counted by the server.
        var downPayloadBytesPerClientSecond: Double
        var upPayloadBytesPerClientSecond: Double
        /// The same plus a WebSocket framing estimate: 2 bytes per server message (unmasked,
        /// payload < 126 B; 4 above), 6 bytes per client message (masked).
        var downFramedBytesPerClientSecond: Double
        var upFramedBytesPerClientSecond: Double
        var messagesOutPerClientSecond: Double
        var messagesInPerClientSecond: Double
        /// From the bot summary (whole bot run, ramp included), milliseconds.
        var inputToSnapshotP50Millis: Double
        var inputToSnapshotP99Millis: Double
        var inputToSnapshotMaxMillis: Double
        var rttP50Millis: Double
        var rttP99Millis: Double
        var serverRSSBytes: Int
        var rssPerConnectionBytes: Double
        var botErrors: [String: Int]
        var drops: Int
        /// The floor for the same number of clients, measured around this step.
        var floor: Floor.Bracket?
    }

    struct Report: Codable {
        var date: String
        var machine: String
        var cores: Int
        var loadAverageAtStart: String
        var serverArguments: [String]
        var baselineRSSBytes: Int
        var steps: [Step]
        var stoppedEarly: String?
    }

    static func run(_ options: Options) throws -> Report {
        let port = try ServerProcess.freePort()
        let serverArguments = [
            "serve", "--port", String(port), "--host", "127.0.0.1", "--maps", options.mapsDirectory,
            "--max-players", "8", "--tick-rate", "60", "--snapshot-rate", "30",
            "--max-connections", "30000", "--max-rooms", "5000", "--max-handshakes", "5000",
            // Rooms close a second after their bots leave, so no room ticks through a floor run.
            "--empty-room-timeout", "1", "--log-level", "warning",
        ] + options.extraServerArguments
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("tickwire-bench-serve-\(port).log").path
        let server = try ServerProcess(binary: options.binary, arguments: serverArguments, core: 0,
                                       port: port, logPath: logPath)
        defer { server.stop() }
        _ = try MetricsScrape.fetch(port: port)
        Thread.sleep(forTimeInterval: 0.5)
        let baselineRSS = server.residentBytes
        var report = Report(date: ISO8601DateFormatter().string(from: Date()), machine: machineDescription(),
                            cores: ProcessInfo.processInfo.activeProcessorCount,
                            loadAverageAtStart: (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
                                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?",
                            serverArguments: serverArguments, baselineRSSBytes: baselineRSS, steps: [])
        print("server: \(options.binary) \(serverArguments.joined(separator: " ")) (core 0); bots on core 1")
        print(String(format: "server RSS before any client: %.1f MiB; load average at start: %@",
                     Double(baselineRSS) / 1_048_576, report.loadAverageAtStart))
        printHeader()
        fflush(nil)
        for target in options.steps {
            var step: Step
            let floorBefore = measureFloor(options, clients: target)
            do {
                step = try runStep(target: target, port: port, server: server, baselineRSS: baselineRSS, options: options)
            } catch {
                report.stoppedEarly = "step \(target): \(error)"
                print("stopped at step \(target): \(error)")
                break
            }
            if let floorBefore, let floorAfter = measureFloor(options, clients: target) {
                step.floor = Floor.Bracket(before: floorBefore, after: floorAfter)
            }
            report.steps.append(step)
            printRow(step)
            fflush(nil)
            if !server.process.isRunning {
                let reason = server.process.terminationReason == .uncaughtSignal ? "signal" : "exit status"
                report.stoppedEarly = "server exited after step \(target) (\(reason) \(server.process.terminationStatus)); log: \(logPath)"
                print(report.stoppedEarly!)
                break
            }
            if let reason = overloaded(step) {
                report.stoppedEarly = "after step \(target): \(reason)"
                print("stopping the ramp: \(reason)")
                break
            }
        }
        try write(report, to: options.outputPath)
        print("written: \(options.outputPath)")
        return report
    }

    /// The floor for `clients`, or nil (said why) when there is none or it failed: the step
    /// is still worth reporting without its ratio.
    static func measureFloor(_ options: Options, clients: Int) -> Floor.Figures? {
        guard let binary = options.floorBinary else { return nil }
        do {
            return try Floor.measure(binary: binary, clients: clients, windowSeconds: options.windowSeconds)
        } catch {
            print("floor at \(clients) clients failed: \(error)")
            return nil
        }
    }

    /// Why the ramp should not go further (nil when the server kept up).
    static func overloaded(_ step: Step) -> String? {
        let lateShare = step.ticks > 0 ? Double(step.lateTicks + step.missedTicks) / Double(step.ticks) : 1
        if lateShare > 0.2 { return String(format: "%.0f%% of ticks late or missed", lateShare * 100) }
        if step.serverCPUShare > 0.95 { return String(format: "server at %.0f%% of its core", step.serverCPUShare * 100) }
        if Double(step.clients) < 0.9 * Double(step.target) { return "only \(step.clients) of \(step.target) clients in rooms" }
        return nil
    }

    // MARK: One step

    static func runStep(target: Int, port: Int, server: ServerProcess, baselineRSS: Int, options: Options) throws -> Step {
        let cap = options.rampTimeoutSeconds + options.settleSeconds + options.windowSeconds + 20
        let bot = try BotProcess(binary: options.binary, core: 1, arguments: [
            "bot", "--url", "ws://127.0.0.1:\(port)", "--count", String(target), "--map", "arena",
            "--duration", String(Int(cap)), "--json", "--name-prefix", "b\(target)",
        ])
        defer { bot.kill() }
        // Ramp: wait until every bot is a player (or the ramp times out).
        let rampStart = Date()
        var players = 0
        while Date().timeIntervalSince(rampStart) < options.rampTimeoutSeconds, bot.process.isRunning {
            players = Int(try MetricsScrape.fetch(port: port)["tickwire_players"])
            if players >= target { break }
            Thread.sleep(forTimeInterval: 0.25)
        }
        let rampSeconds = Date().timeIntervalSince(rampStart)
        guard bot.process.isRunning else { throw BenchError("bot process ended during the ramp: \(bot.finish())") }
        Thread.sleep(forTimeInterval: options.settleSeconds)

        // Measurement window.
        let before = try MetricsScrape.fetch(port: port)
        let cpuBefore = server.cpu
        let botCPUBefore = CPUTimes(pid: bot.pid)
        let machineBefore = machineCPU()
        let start = Date()
        Thread.sleep(forTimeInterval: options.windowSeconds)
        let after = try MetricsScrape.fetch(port: port)
        let serverCPU = server.cpu - cpuBefore
        let botCPU = CPUTimes(pid: bot.pid) - botCPUBefore
        let machineAfter = machineCPU()
        let seconds = Date().timeIntervalSince(start)
        let rss = server.residentBytes

        let summaryText = bot.finish()
        guard let data = summaryText.data(using: .utf8),
              let summary = try? JSONDecoder().decode(BotSummary.self, from: data) else {
            throw BenchError("no JSON summary from the bot process: \(summaryText.prefix(300)) \(bot.errorTail())")
        }
        waitForDisconnects(port: port)

        func delta(_ name: String) -> Double { after[name] - before[name] }
        let clients = Int(after["tickwire_players"])
        let perClientSecond = 1 / (Double(max(clients, 1)) * seconds)
        let histogram = TickHistogramDelta(from: before, to: after)
        func micros(_ bound: Double?) -> Double? { bound.flatMap { $0.isFinite ? $0 * 1e6 : nil } }
        let messagesOut = delta("tickwire_messages_out_total")
        let messagesIn = delta("tickwire_messages_in_total")
        let rooms = Int(after["tickwire_rooms"])
        let ticks = delta("tickwire_ticks_total")
        let drops = ["heartbeat", "idle", "slow_reader", "grace_expired"]
            .reduce(0.0) { $0 + delta("tickwire_drops_total{reason=\"\($1)\"}") }
        return Step(
            target: target, clients: clients, botsConnected: summary.connected, botsFailed: summary.failed,
            rampSeconds: rampSeconds, windowSeconds: seconds, rooms: rooms,
            serverCPUShare: serverCPU.total / seconds,
            serverCPUMicrosPerClientSecond: serverCPU.total * 1e6 * perClientSecond,
            serverUserMicrosPerClientSecond: serverCPU.user * 1e6 * perClientSecond,
            botCPUShare: botCPU.total / seconds,
            botCPUMicrosPerClientSecond: botCPU.total * 1e6 * perClientSecond,
            machineBusyCores: machineAfter.busyCores(since: machineBefore),
            ticks: Int(ticks), ticksPerRoomPerSecond: rooms > 0 ? ticks / Double(rooms) / seconds : 0,
            tickP50BucketMicros: micros(histogram.bound(atQuantile: 0.5)),
            tickP99BucketMicros: micros(histogram.bound(atQuantile: 0.99)),
            tickMaxBucketMicros: micros(histogram.maxBound),
            lateTicks: Int(delta("tickwire_late_ticks_total")), missedTicks: Int(delta("tickwire_missed_ticks_total")),
            snapshotsSkipped: Int(delta("tickwire_snapshots_skipped_total")),
            snapshotsFull: Int(delta("tickwire_snapshots_total{type=\"full\"}")),
            snapshotsDelta: Int(delta("tickwire_snapshots_total{type=\"delta\"}")),
            downPayloadBytesPerClientSecond: delta("tickwire_bytes_out_total") * perClientSecond,
            upPayloadBytesPerClientSecond: delta("tickwire_bytes_in_total") * perClientSecond,
            downFramedBytesPerClientSecond: (delta("tickwire_bytes_out_total") + 2 * messagesOut) * perClientSecond,
            upFramedBytesPerClientSecond: (delta("tickwire_bytes_in_total") + 6 * messagesIn) * perClientSecond,
            messagesOutPerClientSecond: messagesOut * perClientSecond,
            messagesInPerClientSecond: messagesIn * perClientSecond,
            inputToSnapshotP50Millis: summary.inputLatencyMilliseconds.p50,
            inputToSnapshotP99Millis: summary.inputLatencyMilliseconds.p99,
            inputToSnapshotMaxMillis: summary.inputLatencyMilliseconds.max,
            rttP50Millis: summary.rttMilliseconds.p50, rttP99Millis: summary.rttMilliseconds.p99,
            serverRSSBytes: rss, rssPerConnectionBytes: Double(rss - baselineRSS) / Double(max(clients, 1)),
            botErrors: summary.errors, drops: Int(drops), floor: nil)
    }

    /// Waits (up to 15 s) until the previous step's connections and rooms are gone.
    static func waitForDisconnects(port: Int) {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            guard let scrape = try? MetricsScrape.fetch(port: port) else { return }
            // The scrape's own connection is not a WebSocket; players and connections both 0.
            // Rooms too: an empty one ticks until it closes, which a floor run must not share.
            if scrape["tickwire_players"] == 0 && scrape["tickwire_connections"] <= 1 && scrape["tickwire_rooms"] == 0 { return }
            Thread.sleep(forTimeInterval: 0.25)
        }
    }

    // MARK: Output

    static func printHeader() {
        print("")
        print("tick p50/p99/max are histogram bucket upper bounds (µs); bytes/client/s include a WebSocket framing estimate (not TCP/IP)")
        print("clients | ramp s | srv CPU | µs CPU/client-s | µs user | tick p50/p99/max µs | late | missed | down B/c/s | up B/c/s | in→snap p50/p99 ms | RSS/conn B | bot CPU | bot µs/client-s | machine busy | floor µs before/after | × floor")
    }

    static func printRow(_ s: Step) {
        func bucket(_ v: Double?) -> String { v.map { String(format: "%.0f", $0) } ?? ">33000" }
        let floor = s.floor.flatMap { floor in
            floor.meanServer > 0 ? String(format: "%.0f/%.0f | %.2fx", floor.before.server, floor.after.server,
                                          s.serverCPUMicrosPerClientSecond / floor.meanServer) : nil
        } ?? "- | -"
        print(String(format: "%7d | %6.1f | %6.0f%% | %15.1f | %7.1f | %19@ | %4d | %6d | %10.0f | %8.0f | %18@ | %10.0f | %6.0f%% | %15.1f | %.2f cores | %@",
                     s.clients, s.rampSeconds, s.serverCPUShare * 100, s.serverCPUMicrosPerClientSecond, s.serverUserMicrosPerClientSecond,
                     "\(bucket(s.tickP50BucketMicros))/\(bucket(s.tickP99BucketMicros))/\(bucket(s.tickMaxBucketMicros))",
                     s.lateTicks, s.missedTicks, s.downFramedBytesPerClientSecond, s.upFramedBytesPerClientSecond,
                     String(format: "%.0f/%.0f", s.inputToSnapshotP50Millis, s.inputToSnapshotP99Millis),
                     s.rssPerConnectionBytes, s.botCPUShare * 100, s.botCPUMicrosPerClientSecond, s.machineBusyCores, floor))
    }

    static func write(_ report: Report, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: url)
    }

    // MARK: Machine

    static func machineDescription() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }

    struct MachineCPU {
        var busy: Double = 0
        var total: Double = 0
        func busyCores(since earlier: MachineCPU) -> Double {
            let totalDelta = total - earlier.total
            guard totalDelta > 0 else { return 0 }
            return (busy - earlier.busy) / totalDelta * Double(ProcessInfo.processInfo.activeProcessorCount)
        }
    }

    /// Aggregate jiffies from /proc/stat: busy = all but idle and iowait.
    static func machineCPU() -> MachineCPU {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return MachineCPU() }
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard values.count >= 5 else { return MachineCPU() }
        let total = values.prefix(8).reduce(0, +)
        return MachineCPU(busy: total - values[3] - values[4], total: total)
    }
}

/// The part of `tickwire bot --json`'s summary the benchmark reads.
struct BotSummary: Decodable {
    struct Latency: Decodable { var count: UInt64; var p50: Double; var p99: Double; var max: Double }
    var outcome: String
    var connected: Int
    var failed: Int
    var snapshots: Int
    var rttMilliseconds: Latency
    var inputLatencyMilliseconds: Latency
    var errors: [String: Int]
}

/// A `tickwire bot` child process pinned to one core; stdout (the JSON summary) and
/// stderr (status lines) go to temporary files so no pipe can fill up.
final class BotProcess {
    let process = Process()
    let pid: Int32
    private let stdoutURL: URL
    private let stderrURL: URL

    init(binary: String, core: Int, arguments: [String]) throws {
        let directory = FileManager.default.temporaryDirectory
        let tag = UUID().uuidString.prefix(8)
        stdoutURL = directory.appendingPathComponent("tickwire-bench-bot-\(tag).out")
        stderrURL = directory.appendingPathComponent("tickwire-bench-bot-\(tag).err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        ServerProcess.configure(process, binary: binary, arguments: arguments, core: core)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        pid = process.processIdentifier
    }

    /// Interrupts the bots (Ctrl-C: close 1000 and print the summary), waits, and returns stdout.
    func finish() -> String {
        if process.isRunning { process.interrupt() }
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        return (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
    }

    func errorTail() -> String {
        let text = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return String(text.suffix(400))
    }

    func kill() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
    }
}
