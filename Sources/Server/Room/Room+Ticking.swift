import EventLoop
import GameCore

extension Room {
    /// Joins the loop's room clock (idempotent); the room ticks from its first player or
    /// spectator until it is closed.
    func startTicking() {
        guard !closed else { return }
        registry.clock.add(self)
    }

    func runTick(late: Bool) {
        let start = EventLoop.monotonicNanoseconds()
        if isReplay {
            runReplayTick()
            return
        }
        inputs.removeAll()
        for seat in seats {
            if let input = seat.inputs.pop() {
                seat.lastInput = input
                seat.lastAppliedSequence = input.sequence
            }
            if let input = seat.lastInput { inputs[seat.id] = input }
        }
        simulation.step(inputs: inputs)
        tick = simulation.tick
        recorder?.stepped(inputs: inputs, tick: tick) { simulation.stateHash() }
        snapshotAccumulator += settings.snapshotRate
        if snapshotAccumulator >= settings.tickRate {
            snapshotAccumulator -= settings.tickRate
            // Only snapshot ticks can be acknowledged, so only they go into the ring.
            ring.write(tick: tick) { state in simulation.capture(into: &state) }
            sendSnapshots(tick: tick)
        }
        let micros = UInt32(min((EventLoop.monotonicNanoseconds() - start) / 1000, UInt64(UInt32.max)))
        stats.record(micros: micros, late: late)
        registry.server?.recordTick(micros: micros, late: late)
    }
}
