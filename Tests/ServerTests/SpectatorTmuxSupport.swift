import EventLoop
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server (its own socket, so nobody's sessions are touched) holding one
/// session of a fixed size, for driving a terminal program and reading its screen.
final class TmuxSession {
    static var isAvailable: Bool { (try? run(["tmux", "-V"]).status) == 0 }

    let socket = "tickwire-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let name = "spect"

    init(width: Int, height: Int, command: String) throws {
        // Spawned with a clean signal mask (the tmux server it forks keeps it, and so do the
        // shell and programs inside), and without a pipe the daemon would hold open.
        let client = try spawnWithCleanSignals(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
                                                "-x", "\(width)", "-y", "\(height)", command])
        var status: Int32 = 0
        waitpid(client, &status, 0)
        guard status == 0 else { throw TmuxError("tmux new-session failed with status \(status)") }
    }

    /// Types text (literally) and optionally Enter.
    func type(_ text: String, enter: Bool = false) {
        _ = try? Self.run(["tmux", "-L", socket, "send-keys", "-t", name, "-l", text])
        if enter { press("Enter") }
    }

    /// Presses a key by tmux name (Enter, Tab, Up, C-c).
    func press(_ key: String) {
        _ = try? Self.run(["tmux", "-L", socket, "send-keys", "-t", name, key])
    }

    /// The visible screen, one string per row.
    func capture() -> [String] {
        guard let result = try? Self.run(["tmux", "-L", socket, "capture-pane", "-p", "-t", name]) else { return [] }
        return result.output.components(separatedBy: "\n")
    }

    func kill() {
        _ = try? Self.run(["tmux", "-L", socket, "kill-server"])
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

struct TmuxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs the loop (so in-process players keep playing) until the tmux screen satisfies
/// `check` or `seconds` pass; captures at most every 150 ms. Returns the last screen seen
/// and whether it matched.
func waitForScreen(_ loop: EventLoop, _ tmux: TmuxSession, seconds: Double = 10,
                   _ check: @escaping ([String]) -> Bool) -> (matched: Bool, screen: [String]) {
    var screen: [String] = []
    var lastCapture: UInt64 = 0
    let matched = runUntil(loop, seconds: seconds) {
        let now = loop.nowMilliseconds
        guard now >= lastCapture + 150 else { return false }
        lastCapture = now
        screen = tmux.capture()
        return check(screen)
    }
    return (matched, screen)
}

/// Starts a program (found on PATH) with stdio on /dev/null and every signal unblocked
/// and default: test runners block signals in their threads, and children inherit that
/// mask, so a child started plainly would never see SIGINT or SIGTERM.
func spawnWithCleanSignals(_ arguments: [String]) throws -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
    guard status == 0 else { throw TmuxError("cannot start \(arguments[0]): error \(status)") }
    return pid
}

/// A TCP port nobody listens on right now (bound to 0, read back, released).
func freeLocalPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length)
            return getsockname(fd, pointer, &length)
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The repository root, found from this source file's location.
var repositoryRoot: String {
    var path = #filePath
    for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
    return path
}
