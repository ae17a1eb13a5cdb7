import ArgumentParser
import Bots
import Client
import EventLoop
import Foundation
import Wire
import Auth

extension BotBrainKind: ExpressibleByArgument {}

struct BotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bot",
        abstract: "Run N headless bots from one process against a server (also the load generator).",
        discussion: "Status goes to stdout (stderr with --json), refreshed in place on a terminal. Ctrl-C closes every bot and prints the summary.")

    @Option(help: "Server to play on (ws:// or wss://).") var url = "ws://127.0.0.1:7777"
    @Option(help: "Number of bots.") var count = 1
    @Option(help: "Join (or create) the room with this id.") var room: String?
    @Option(help: "Join a room playing this map (or level: GAME/LEVEL, e.g. pong/classic).") var map: String?
    @Option(help: "How bots play: profile (the Arena behaviour of --profile) or random (random inputs, any game).")
    var brain: BotBrainKind = .profile
    @Option(help: "Bot profile JSON (default: the built-in hunter, as in bots/hunter.json).") var profile: String?
    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).") var duration: Double?
    @Flag(help: "Print the summary as JSON on stdout (status lines go to stderr).") var json = false
    @Option(name: .customLong("name-prefix"), help: "Bot names are PREFIX-1, PREFIX-2, ….") var namePrefix = "bot"
    @Option(help: "Seed for the bots' decisions (bot i uses a seed derived from it).") var seed: UInt64 = 1
    @Option(name: .customLong("ramp-batch"), help: "Connections opened every 10 ms while ramping up.") var rampBatch = 200
    @OptionGroup var tls: ClientTLSOptions
    @Option(name: .customLong("auth-key"), help: "Sign each bot a token (sub and name = its name) with this key, for servers started with --auth-key.") var authKey: String?
    @Option(name: .customLong("auth-audience"), help: "The aud of the bots' tokens.") var authAudience = "tickwire"
    @Option(name: .customLong("resume-within"), help: "Seconds a bot whose connection is lost keeps trying to resume its seat (default 0: it is gone).") var resumeWithin: Double = 0

    func validate() throws {
        if room != nil && map != nil { throw ValidationError("--room and --map cannot be used together") }
        _ = try swarmConfiguration()
    }

    func swarmConfiguration() throws -> SwarmConfiguration {
        let parsed: WebSocketURL
        do { parsed = try WebSocketURL(parsing: url) } catch { throw ValidationError("--url: \(error.description)") }
        var configuration = SwarmConfiguration(url: parsed)
        configuration.tls = try tls.context(secure: parsed.isSecure)
        configuration.count = count
        if let room { configuration.target = .room(room) } else if let map { configuration.target = JoinTarget(level: map) }
        configuration.brain = brain
        if let profile {
            do { configuration.profiles = [try BotProfileLoader.load(path: profile)] } catch {
                throw ValidationError("--profile: \(error.description)")
            }
        }
        configuration.durationSeconds = duration
        configuration.namePrefix = namePrefix
        configuration.seed = seed
        configuration.rampBatch = rampBatch
        guard resumeWithin >= 0, resumeWithin <= 3_600 else { throw ValidationError("--resume-within must be 0...3600 seconds") }
        configuration.resumeWithinMilliseconds = UInt64(resumeWithin * 1000)
        if let authKey {
            let key: AuthKey
            do { key = try AuthKey.load(path: authKey) } catch { throw ValidationError("--auth-key \(error.description)") }
            let expires = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + (duration ?? 86_400) + 3_600).rounded(.down))
            configuration.credentials = try (0..<count).map { index in
                let name = "\(namePrefix)-\(index + 1)"
                return try TokenCommand.sign(PlayerClaims(subject: name, name: name, expires: expires, audience: [authAudience]), with: key)
            }
        }
        let problems = configuration.problems()
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        return configuration
    }

    func run() throws {
        var configuration = try swarmConfiguration()
        let statusLine = StatusLine(fileDescriptor: json ? STDERR_FILENO : STDOUT_FILENO)
        configuration.statusIntervalMilliseconds = statusLine.isTerminal ? 500 : 2000
        ProcessLimits.raiseOpenFileLimit()
        let loop = try EventLoop()
        loop.enableRingReceives()  // epoll when the kernel cannot
        let swarm = BotSwarm(loop: loop, configuration: configuration)
        swarm.onStatus = { statusLine.show($0.line) }
        swarm.onFinish = { _ in loop.stop() }
        let watchers = try [SIGINT, SIGTERM].map { signal in
            try SignalWatcher(loop: loop, signal: signal) { [unowned swarm] _ in swarm.stop() }
        }
        swarm.start()
        loop.run()
        for watcher in watchers { watcher.close() }
        statusLine.finish()
        guard let summary = swarm.summary else { throw ExitCode.failure }
        if json { print(summary.json) } else { print(summary.text) }
        if summary.outcome == .failed {
            fflush(nil)
            FileHandle.standardError.write(Data("tickwire bot: \(summary.message)\n".utf8))
            throw ExitCode(summary.exitCode)
        }
    }
}

/// The live status: one line rewritten in place on a terminal, plain lines otherwise.
final class StatusLine {
    let output: FileHandle
    let isTerminal: Bool
    private var shown = false

    init(fileDescriptor: Int32) {
        output = FileHandle(fileDescriptor: fileDescriptor, closeOnDealloc: false)
        isTerminal = isatty(fileDescriptor) == 1
    }

    func show(_ line: String) {
        if isTerminal {
            write("\r\u{1B}[2K" + line)
            shown = true
        } else {
            write(line + "\n")
        }
    }

    /// Ends the in-place line so the summary starts on its own line.
    func finish() {
        if shown { write("\n") }
    }

    private func write(_ text: String) { output.write(Data(text.utf8)) }
}
