import Replay
import Wire

/// A replay room's playback: the re-simulation, and how fast (or whether) it advances.
final class ReplayPlayback {
    /// The recording's id (`replay:ID`).
    let replayID: String
    var player: ReplayPlayer
    var paused = false
    /// Quarters of real time (4 = 1x).
    var speedQuarters: UInt8 = 4
    /// Steps owed, in units of 1 / (4 x the server's tick rate) of a recorded tick.
    var credit = 0
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
                     paused: paused || player.isAtEnd, speedQuarters: speedQuarters, ending: player.file.ending.summary)
    }

    /// Steps to take for one tick of the server's clock at `clockRate`.
    func stepsDue(clockRate: Int) -> Int {
        guard !paused, !player.isAtEnd else {
            credit = 0
            return 0
        }
        credit += Int(speedQuarters) * player.file.header.tickRate
        let cost = 4 * clockRate
        let steps = credit / cost
        credit -= steps * cost
        return steps
    }

    /// After a seek to a recorded tick: the next snapshot tick is above every one sent.
    func keepTicksIncreasing() {
        while lastSentTick != 0, snapshotTick <= lastSentTick { tickOffset &+= 128 }
    }
}
