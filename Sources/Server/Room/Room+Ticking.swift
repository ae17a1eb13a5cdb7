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
            // Seats are distinct players: no lookup before adding each.
            if let input = seat.lastInput { inputs.appendNew(seat.id, input) }
        }
        snapshotAccumulator += settings.snapshotRate
        let snapshotDue = snapshotAccumulator >= settings.tickRate
        if snapshotDue { snapshotAccumulator -= settings.tickRate }
        tick = advance(&simulation, capturing: snapshotDue)
        if snapshotDue { sendSnapshots(tick: tick) }
        let micros = UInt32(min((EventLoop.monotonicNanoseconds() - start) / 1000, UInt64(UInt32.max)))
        stats.record(micros: micros, late: late)
        registry.server?.recordTick(micros: micros, late: late)
    }

    /// Steps the simulation, records the step, and captures it on a snapshot tick; returns
    /// the new tick. Generic, so the simulation is opened once: each call through
    /// `any Simulation` (its tick, its capture) would copy the whole game value.
    private func advance<S: Simulation>(_ simulation: inout S, capturing: Bool) -> UInt32 {
        simulation.step(inputs: inputs)
        let tick = simulation.tick
        recorder?.stepped(inputs: inputs, tick: tick) { simulation.stateHash() }
        // Only snapshot ticks can be acknowledged, so only they go into the ring.
        if capturing { ring.capture(simulation) }
        return tick
    }
}
