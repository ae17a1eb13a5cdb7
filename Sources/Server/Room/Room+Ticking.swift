import EventLoop
import GameCore

extension Room {
    /// Starts the fixed-step clock (idempotent). The timer is re-armed after every fire
    /// for the next due tick on the monotonic clock, so the rate does not drift with
    /// libuv's millisecond timer resolution.
    func startTicking() {
        guard timer == nil, !closed else { return }
        let timer = LoopTimer(loop: loop)
        self.timer = timer
        nextTickAt = EventLoop.monotonicNanoseconds() + tickInterval
        arm()
    }

    private func arm() {
        let now = EventLoop.monotonicNanoseconds()
        let wait = nextTickAt > now ? (nextTickAt - now + 999_999) / 1_000_000 : 0
        timer?.start(delay: wait) { [unowned self] in self.fire() }
    }

    private func fire() {
        var now = EventLoop.monotonicNanoseconds()
        var ran = 0
        while now >= nextTickAt && ran < settings.maxCatchUpTicks && !closed {
            // Late: started more than half a tick after it was due.
            let late = now - nextTickAt > tickInterval / 2
            runTick(late: late)
            nextTickAt += tickInterval
            ran += 1
            now = EventLoop.monotonicNanoseconds()
        }
        if now >= nextTickAt {
            // Too far behind to catch up: drop the backlog instead of spiralling.
            let missed = (now - nextTickAt) / tickInterval + 1
            stats.recordMissed(Int(missed))
            registry.server?.counters.missedTicks += Int(missed)
            nextTickAt += missed * tickInterval
        }
        if !closed { arm() }
    }

    func runTick(late: Bool) {
        let start = EventLoop.monotonicNanoseconds()
        inputs.removeAll(keepingCapacity: true)
        for seat in seats {
            if let input = seat.inputs.pop() {
                seat.lastInput = input
                seat.lastAppliedSequence = input.sequence
            }
            if let input = seat.lastInput { inputs[seat.id] = input }
        }
        simulation.step(inputs: inputs)
        snapshotAccumulator += settings.snapshotRate
        if snapshotAccumulator >= settings.tickRate {
            snapshotAccumulator -= settings.tickRate
            // Only snapshot ticks can be acknowledged, so only they go into the ring.
            let tick = simulation.tick
            ring.write(tick: tick) { state in simulation.capture(into: &state) }
            sendSnapshots(tick: tick)
        }
        let micros = UInt32(min((EventLoop.monotonicNanoseconds() - start) / 1000, UInt64(UInt32.max)))
        stats.record(micros: micros, late: late)
        registry.server?.recordTick(micros: micros, late: late)
    }
}
