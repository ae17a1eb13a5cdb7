import Histogram

/// Latency histograms and error counts for a whole swarm (HdrHistogram, 3 significant digits).
public struct SwarmCounters {
    /// Ping round trips in µs, since the start.
    public private(set) var rtt = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    /// Ping round trips in µs since the last status line.
    public private(set) var recentRTT = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    /// Input sent to the snapshot confirming it, in ms.
    public private(set) var inputLatency = Histogram<UInt64>(highestTrackableValue: 600_000, numberOfSignificantValueDigits: .three)
    /// Errors by kind (`connect-failed`, `closed-1001`, `server-error-roomFull`, …).
    public private(set) var errors: [String: Int] = [:]
    /// The first message seen for each error kind, for the final report.
    public private(set) var firstMessages: [String: String] = [:]

    public init() {}

    mutating func recordRTT(micros: UInt64) {
        rtt.record(micros)
        recentRTT.record(micros)
    }

    mutating func recordInputLatency(milliseconds: UInt64) {
        inputLatency.record(milliseconds)
    }

    mutating func recordError(_ kind: String, message: String) {
        errors[kind, default: 0] += 1
        if firstMessages[kind] == nil { firstMessages[kind] = message }
    }

    mutating func resetRecent() { recentRTT.reset() }

    public var errorCount: Int { errors.values.reduce(0, +) }
}

/// p50, p99 and max of a histogram, in milliseconds (values recorded in `unitsPerMillisecond`).
public struct LatencyFigures: Codable, Sendable, Equatable {
    public var count: UInt64
    public var p50: Double
    public var p99: Double
    public var max: Double

    init(_ histogram: Histogram<UInt64>, unitsPerMillisecond: Double) {
        count = histogram.totalCount
        guard count > 0 else { p50 = 0; p99 = 0; max = 0; return }
        p50 = Double(histogram.valueAtPercentile(50)) / unitsPerMillisecond
        p99 = Double(histogram.valueAtPercentile(99)) / unitsPerMillisecond
        max = Double(histogram.max) / unitsPerMillisecond
    }
}
