import Wire

/// How fast a replay plays: paused or not, at a speed in quarters of real time (1 = 0.25x,
/// 32 = 8x). Called once per tick of a clock running at `clockRate`, it says how many
/// recorded ticks to step, carrying fractions over so 0.25x steps every fourth call.
public struct PlaybackClock: Sendable {
    public var paused = false
    public var speedQuarters: UInt8 = 4
    private var credit = 0

    public init() {}

    /// Recorded ticks to step now, for a recording made at `recordedRate`: never more than
    /// `maxStepsPerCall`, whatever the rates (a clock that falls behind drops the rest).
    public mutating func stepsDue(clockRate: Int, recordedRate: Int) -> Int {
        guard !paused else {
            credit = 0
            return 0
        }
        credit += Int(speedQuarters) * min(max(recordedRate, 1), 100_000)
        let cost = 4 * max(1, clockRate)
        let steps = min(credit / cost, Self.maxStepsPerCall)
        credit = min(credit - steps * cost, cost)
        return steps
    }

    /// The most recorded ticks one call asks for (8x of 1,000 Hz against a 60 Hz clock is 134).
    public static let maxStepsPerCall = 2_000

    /// Forgets a partly earned step (after a seek).
    public mutating func restart() { credit = 0 }

    /// The next speed up or down the doubling ladder 0.25x, 0.5x, 1x, 2x, 4x, 8x.
    public static func faster(_ quarters: UInt8) -> UInt8 { min(32, quarters * 2) }
    public static func slower(_ quarters: UInt8) -> UInt8 { max(1, quarters / 2) }
}

extension ReplayPlayer {
    /// Where this playback stands, as `replayStatus` tells spectators.
    public func status(_ clock: PlaybackClock) -> ReplayStatus {
        ReplayStatus(tick: tick, endTick: endTick, tickRate: UInt16(clamping: file.header.tickRate),
                     paused: clock.paused || isAtEnd, speedQuarters: clock.speedQuarters, ending: file.ending.summary)
    }
}

extension PlaybackClock {
    /// Applies pause, play and speed; returns the seek target for a seek, or 0 for a play at
    /// the end (which starts over), nil otherwise: the caller seeks as it can (at once, or
    /// over several ticks on a server).
    public mutating func apply(_ command: ReplayCommand, atEnd: Bool) -> UInt32? {
        switch command {
        case .pause:
            paused = true
            return nil
        case .play:
            paused = false
            return atEnd ? 0 : nil
        case .speed(let quarters):
            speedQuarters = quarters
            return nil
        case .seek(let tick):
            return tick
        }
    }
}
