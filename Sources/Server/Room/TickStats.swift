/// Recent tick durations in a fixed ring, for the room's health (p99, max) without
/// allocating per tick.
struct TickStats {
    private var durations = [UInt32](repeating: 0, count: 256)
    private var next = 0
    private var filled = 0
    private(set) var lateTicks = 0
    private(set) var missedTicks = 0
    private(set) var ticks = 0

    mutating func record(micros: UInt32, late: Bool) {
        durations[next] = micros
        next = (next + 1) & 255
        filled = min(filled + 1, 256)
        ticks += 1
        if late { lateTicks += 1 }
    }

    mutating func recordMissed(_ count: Int) { missedTicks += count }

    /// p99 and max of the recent ticks, in microseconds.
    func recent() -> (p99: UInt32, max: UInt32) {
        guard filled > 0 else { return (0, 0) }
        let sorted = durations[0..<filled].sorted()
        let index = min(filled - 1, (filled * 99) / 100)
        return (sorted[index], sorted[filled - 1])
    }
}
