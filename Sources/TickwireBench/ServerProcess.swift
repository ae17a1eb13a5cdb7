import Foundation

/// A server started as a child process (pinned to one core with taskset when there is
/// one), so the benchmark client and the server do not share a CPU.
final class ServerProcess {
    let process = Process()
    let pid: Int32

    /// A server that is ready once a TCP connect to `port` succeeds (its stdout is
    /// block-buffered when it is not a terminal, so a "listening" line cannot be waited
    /// for); its output goes to `logPath`.
    ///
    /// SIGPIPE is ignored in the child (through `sh -c 'trap "" PIPE; exec …'`, as an
    /// ignored signal survives exec): `tickwire` does not ignore it itself yet, so a write
    /// to a socket its peer has just reset kills the process (seen as signal 13 when
    /// hundreds of bots close at once).
    init(binary: String, arguments: [String], core: Int?, port: Int, logPath: String) throws {
        Self.configure(process, binary: binary, arguments: arguments, core: core)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && process.isRunning {
            if MetricsScrape.canConnect(port: port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        if process.isRunning { process.terminate() }
        let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw BenchError("server did not start: \(output.suffix(500))")
    }

    /// `process` runs `binary arguments` pinned to `core` (when taskset exists) with SIGPIPE ignored.
    static func configure(_ process: Process, binary: String, arguments: [String], core: Int?) {
        var command = [binary] + arguments
        if let core, FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") {
            command = ["/usr/bin/taskset", "-c", String(core)] + command
        }
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' PIPE; exec \"$0\" \"$@\""] + command
    }

    /// Resident memory of the server process, from /proc.
    var residentBytes: Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// CPU seconds the server has used, from /proc.
    var cpu: CPUTimes { CPUTimes(pid: pid) }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ServerProcess {
    /// A port no socket uses right now, from the kernel (bound to 0, read back, released):
    /// a random pick could land on a port a previous part's connections still hold.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
