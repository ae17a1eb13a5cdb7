/// What a spectator of a replay room asks of the playback (`ClientMessage.replayControl`).
public enum ReplayCommand: Sendable, Equatable {
    case pause
    case play
    /// Playback speed in quarters of real time: 1 (0.25x) ... 32 (8x).
    case speed(quarters: UInt8)
    /// Jump to this tick of the recording (clamped to its end).
    case seek(tick: UInt32)

    /// The speeds a replay room plays at, in quarters of real time.
    public static let speedRange: ClosedRange<UInt8> = 1...32
}

/// Where a replay room's playback is (`ServerMessage.replayStatus`): sent to its spectators
/// whenever it changes, and every sweep.
public struct ReplayStatus: Sendable, Equatable {
    /// The recording's tick the room shows, and the last one it has.
    public var tick: UInt32
    public var endTick: UInt32
    /// The recording's tick rate (ticks per second of play).
    public var tickRate: UInt16
    public var paused: Bool
    /// In quarters of real time (4 = 1x).
    public var speedQuarters: UInt8
    /// How the recording ends, for people: "complete (room closed)", or why it stops early.
    public var ending: String

    public init(tick: UInt32, endTick: UInt32, tickRate: UInt16, paused: Bool, speedQuarters: UInt8, ending: String) {
        self.tick = tick
        self.endTick = endTick
        self.tickRate = tickRate
        self.paused = paused
        self.speedQuarters = speedQuarters
        self.ending = ending
    }
}
