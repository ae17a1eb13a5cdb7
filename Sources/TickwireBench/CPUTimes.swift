import Foundation

/// User and system CPU seconds a process has used, from /proc: the user share is the
/// server's own code, the system share the kernel's work for it (system calls, TCP).
struct CPUTimes {
    var user: Double = 0
    var system: Double = 0
    var total: Double { user + system }

    /// Zero when the process is gone.
    init(pid: Int32) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command name: state is field 3; utime and stime are fields 14 and 15.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        self.user = user / ticksPerSecond
        self.system = system / ticksPerSecond
    }

    private init(user: Double, system: Double) {
        self.user = user
        self.system = system
    }

    static func - (after: CPUTimes, before: CPUTimes) -> CPUTimes {
        CPUTimes(user: after.user - before.user, system: after.system - before.system)
    }
}
