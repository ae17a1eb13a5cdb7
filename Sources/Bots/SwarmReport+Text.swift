import Foundation

extension SwarmStatus {
    /// One status line: `12.0s  bots 800/800 (0 joining)  snapshots 24000/s  1.9 MB/s  rtt p50 0.4 ms p99 2.1 ms  errors 0`.
    public var line: String {
        let joining = pending > 0 ? " (\(pending) joining)" : ""
        return String(format: "%6.1fs  bots %d/%d%@  snapshots %.0f/s  %@/s  rtt p50 %.1f ms p99 %.1f ms  errors %d",
                      elapsedSeconds, playing, count, joining, Int(snapshotsPerSecond.rounded()) == 0 ? 0.0 : snapshotsPerSecond,
                      formatBytes(bytesPerSecond), rtt.p50, rtt.p99, errors)
    }
}

extension SwarmSummary {
    /// The end-of-run report for people.
    public var text: String {
        var lines = [
            "\(outcome.rawValue) after \(String(format: "%.1f", durationSeconds)) s against \(url)",
            "bots:       \(bots) (connected \(connected), failed \(failed))",
            "received:   \(snapshots) snapshots (\(fullSnapshots) full), \(formatBytes(Double(bytesReceived)))",
            "sent:       \(inputsSent) inputs, \(formatBytes(Double(bytesSent)))",
            String(format: "rtt:        p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%llu pings)",
                   rttMilliseconds.p50, rttMilliseconds.p99, rttMilliseconds.max, rttMilliseconds.count),
            String(format: "input->snapshot: p50 %.0f ms  p99 %.0f ms  max %.0f ms",
                   inputLatencyMilliseconds.p50, inputLatencyMilliseconds.p99, inputLatencyMilliseconds.max),
        ]
        if errors.isEmpty {
            lines.append("errors:     none")
        } else {
            lines.append("errors:     " + errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if !message.isEmpty { lines.append("reason:     \(message)") }
        return lines.joined(separator: "\n")
    }

    /// The summary as pretty, key-sorted JSON.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// Bytes with a binary-ish unit people read at a glance (B, KB, MB, GB; 1 KB = 1000 B).
func formatBytes(_ bytes: Double) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = bytes, unit = 0
    while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
    return unit == 0 ? String(format: "%.0f B", value) : String(format: "%.1f %@", value, units[unit])
}
