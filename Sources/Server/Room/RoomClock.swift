import EventLoop

/// One fixed-step clock for every room on a loop: a single timer, re-armed for the next
/// due tick on the monotonic clock, ticks all running rooms together. Thousands of rooms
/// cost one wakeup per tick instead of one each, and no room's timer queues behind
/// another's.
final class RoomClock {
    private let loop: EventLoop
    let tickInterval: UInt64
    let maxCatchUpTicks: Int
    private var timer: LoopTimer?
    /// Monotonic time (ns) the next tick is due.
    private var nextTickAt: UInt64 = 0
    private(set) var rooms: [Room] = []
    var onMissed: ((Int) -> Void)?

    init(loop: EventLoop, tickRate: Int, maxCatchUpTicks: Int = 4) {
        self.loop = loop
        tickInterval = 1_000_000_000 / UInt64(tickRate)
        self.maxCatchUpTicks = maxCatchUpTicks
    }

    // A clock dropped with rooms still running must not leave its timer armed on the loop.
    deinit { timer?.close() }

    func add(_ room: Room) {
        guard !rooms.contains(where: { $0 === room }) else { return }
        rooms.append(room)
        if timer == nil {
            timer = LoopTimer(loop: loop)
            nextTickAt = EventLoop.monotonicNanoseconds() + tickInterval
            arm()
        }
    }

    func remove(_ room: Room) {
        rooms.removeAll { $0 === room }
        if rooms.isEmpty {
            timer?.close()
            timer = nil
        }
    }

    private func arm() {
        let now = EventLoop.monotonicNanoseconds()
        let wait = nextTickAt > now ? (nextTickAt - now + 999_999) / 1_000_000 : 0
        timer?.start(delay: wait) { [unowned self] in self.fire() }
    }

    private func fire() {
        var now = EventLoop.monotonicNanoseconds()
        var ran = 0
        while now >= nextTickAt && ran < maxCatchUpTicks && !rooms.isEmpty {
            // Late: started more than half a tick after it was due.
            let late = now - nextTickAt > tickInterval / 2
            // Iterating a value copy: a room closing meanwhile does not disturb the loop.
            // Every room's snapshots leave together (one io_uring submission when enabled).
            loop.batchingSends {
                for room in rooms where !room.closed { room.runTick(late: late) }
            }
            nextTickAt += tickInterval
            ran += 1
            now = EventLoop.monotonicNanoseconds()
        }
        if now >= nextTickAt {
            // Too far behind to catch up: drop the backlog instead of spiralling.
            let missed = (now - nextTickAt) / tickInterval + 1
            for room in rooms { room.stats.recordMissed(Int(missed)) }
            onMissed?(Int(missed))
            nextTickAt += missed * tickInterval
        }
        if timer != nil { arm() }
    }
}
