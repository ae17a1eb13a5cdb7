import Replay
import Wire

/// A replay room's playback: the re-simulation, and how fast (or whether) it advances.
final class ReplayPlayback {
    /// The recording's id (`replay:ID`).
    let replayID: String
    var player: ReplayPlayer
    var clock = PlaybackClock()
    /// Where a seek under way is going.
    var seekTarget: UInt32?
    /// Recorded ticks a seek re-simulates per server tick (a few milliseconds at most).
    static let seekStepsPerTick = 2_000
    /// Snapshot ticks are the recording's plus this multiple of 128 (projectiles' ages are
    /// ticks modulo 128), raised on every seek so they keep increasing: a client's baselines
    /// always name states it really holds.
    var tickOffset: UInt32 = 128
    /// The last snapshot tick sent (0 = none).
    var lastSentTick: UInt32 = 0

    init(replayID: String, player: ReplayPlayer) {
        self.replayID = replayID
        self.player = player
    }

    var snapshotTick: UInt32 { player.tick &+ tickOffset }

    var status: ReplayStatus { player.status(clock) }

    /// Steps to take for one tick of the server's clock at `clockRate`.
    func stepsDue(clockRate: Int) -> Int {
        player.isAtEnd ? 0 : clock.stepsDue(clockRate: clockRate, recordedRate: player.file.header.tickRate)
    }

    /// After a seek: the next snapshot tick is more than 64 above every one sent (so a
    /// client tells a seek from playback), at least the recording's tick (the offset cannot
    /// go below zero, as after a long seek forward) and still equal to it modulo 128. False
    /// when the ticks ran out of 32 bits: the caller then starts the numbering over.
    func afterSeek() -> Bool {
        guard lastSentTick != 0 else { return true }
        let tick = UInt64(player.tick)
        let lowest = max(UInt64(lastSentTick) + UInt64(Self.seekJump) + 1, tick)
        let next = lowest + ((tick &- lowest) & 127)
        guard next - tick <= UInt64(UInt32.max), next + UInt64(player.endTick - player.tick) <= UInt64(UInt32.max) else {
            return false
        }
        tickOffset = UInt32(next - tick)
        return true
    }

    /// Snapshot numbering from the start again (after 2^32 ticks of seeking).
    func restartTicks() {
        tickOffset = 128
        lastSentTick = 0
    }

    static let seekJump: UInt32 = 64
}
