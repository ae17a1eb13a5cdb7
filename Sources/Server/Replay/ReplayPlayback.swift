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

    var status: ReplayStatus {
        ReplayStatus(tick: player.tick, endTick: player.endTick, tickRate: UInt16(clamping: player.file.header.tickRate),
                     paused: clock.paused || player.isAtEnd, speedQuarters: clock.speedQuarters, ending: player.file.ending.summary)
    }

    /// Steps to take for one tick of the server's clock at `clockRate`.
    func stepsDue(clockRate: Int) -> Int {
        player.isAtEnd ? 0 : clock.stepsDue(clockRate: clockRate, recordedRate: player.file.header.tickRate)
    }

    /// After a seek: the next snapshot tick is more than 64 above every one sent, so a
    /// client tells a seek (a jump) from playback (steps of at most 8x the snapshot interval).
    func keepTicksIncreasing() {
        while lastSentTick != 0, snapshotTick <= lastSentTick &+ Self.seekJump { tickOffset &+= 128 }
    }

    static let seekJump: UInt32 = 64
}
