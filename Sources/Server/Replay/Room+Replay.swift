import GameCore
import Replication
import Replay
import Wire

/// A room that plays a recording instead of players: spectators only, steered with
/// `replayControl`, sending snapshots as a live room does.
extension Room {
    var isReplay: Bool { replay != nil }

    /// The newest tick a client may acknowledge: snapshot ticks of a replay room are not
    /// its simulation's (see `ReplayPlayback.tickOffset`).
    var latestSnapshotTick: UInt32 { replay?.lastSentTick ?? tick }

    func runReplayTick() {
        guard let replay else { return }
        if replay.seekTarget != nil {
            continueSeek()
            return
        }
        let rosterBefore = replay.player.roster
        let steps = replay.stepsDue(clockRate: settings.tickRate)
        for _ in 0..<steps where !replay.player.isAtEnd { replay.player.step() }
        tick = replay.player.tick
        if replay.player.roster != rosterBefore { broadcastRoster() }
        if steps > 0, replay.player.isAtEnd { broadcastReplayStatus() }
        snapshotAccumulator += settings.snapshotRate
        if snapshotAccumulator >= settings.tickRate {
            snapshotAccumulator -= settings.tickRate
            sendReplaySnapshot()
        }
    }

    /// A snapshot of the playback's current tick, unless it was already sent.
    func sendReplaySnapshot() {
        guard let replay else { return }
        let tick = replay.snapshotTick
        guard tick != replay.lastSentTick else { return }
        replay.lastSentTick = tick
        // Captured from the player's world itself: sharing it with `simulation` would make
        // the next step copy it.
        ring.write(tick: tick) { state in replay.player.simulation.capture(into: &state) }
        sendSnapshots(tick: tick)
    }

    /// A spectator who arrives while the playback stands still (paused, at the end) would
    /// otherwise wait for the next step to see anything: it gets the current state now.
    func sendReplaySnapshot(to session: Session) {
        guard let replay, replay.lastSentTick != 0 else {
            sendReplaySnapshot()
            return
        }
        if cache.tick != replay.lastSentTick { cache.begin(tick: replay.lastSentTick) }
        sendSnapshot(to: session, ack: nil)
    }

    func control(_ command: ReplayCommand) {
        guard let replay else { return }
        if let target = replay.clock.apply(command, atEnd: replay.player.isAtEnd) { seek(to: target) }
        broadcastReplayStatus()
    }

    /// Re-simulating that far may take a while: a seek goes on over the next ticks, a
    /// bounded number of recorded ticks each, so the loop's other rooms keep their pace.
    private func seek(to tick: UInt32) {
        replay?.seekTarget = tick
        continueSeek()
    }

    private func continueSeek() {
        guard let replay, let target = replay.seekTarget else { return }
        let rosterBefore = replay.player.roster
        let arrived = replay.player.seek(to: target, maxSteps: ReplayPlayback.seekStepsPerTick)
        tick = replay.player.tick
        if replay.player.roster != rosterBefore { broadcastRoster() }
        guard arrived else { return }
        replay.seekTarget = nil
        if !replay.afterSeek() {
            // Every client's states are from the old numbering: full snapshots from here.
            replay.restartTicks()
            ring = SnapshotRing(fieldsPerEntity: game.schema.maxFieldCount)
            for spectator in spectators { spectator.ackTick = nil }
        }
        replay.clock.restart()
        sendReplaySnapshot()
        broadcastReplayStatus()
    }

    func broadcastReplayStatus() {
        guard let replay else { return }
        let message = ServerMessage.replayStatus(replay.status).encoded()
        for spectator in spectators { spectator.send(message) }
        bytesSent += message.count * spectators.count
    }
}
