#if canImport(Glibc)
import Glibc
#endif

/// Process-wide OS limits that a server with many sockets needs raised.
public enum ProcessLimits {
    /// Raises the soft open-file limit to the hard limit (or `target`, if lower) and
    /// returns the new soft limit.
    @discardableResult
    public static func raiseOpenFileLimit(to target: UInt64 = .max) -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        let wanted = min(target, UInt64(limit.rlim_max))
        if UInt64(limit.rlim_cur) < wanted {
            limit.rlim_cur = rlim_t(wanted)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return UInt64(limit.rlim_cur)
    }

    /// Resident set size of this process in bytes, from /proc/self/statm (Linux).
    public static func residentBytes() -> Int {
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 128)
        guard fgets(&line, Int32(line.count), file) != nil else { return 0 }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
