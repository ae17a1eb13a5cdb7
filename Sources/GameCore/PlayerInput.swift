/// One tick of a player's intent, as sent by a client. Pure data; the game decides what it means.
public struct PlayerInput: Sendable, Equatable, Hashable {
    /// Client-chosen, strictly increasing per player; the server echoes the last applied one.
    public var sequence: UInt32
    /// Movement intent on each axis, -127...127 (0 = still).
    public var moveX: Int8
    public var moveY: Int8
    /// Aim angle in 1/65536 of a full turn, 0 = +x (east), increasing towards +y (south, screen down).
    public var aim: UInt16
    /// Bit set of `Buttons`.
    public var buttons: UInt8

    public struct Buttons {
        public static let fire: UInt8 = 1 << 0
        /// Every bit that means something; others are rejected by the protocol decoder.
        public static let all: UInt8 = fire
    }

    public init(sequence: UInt32 = 0, moveX: Int8 = 0, moveY: Int8 = 0, aim: UInt16 = 0, buttons: UInt8 = 0) {
        self.sequence = sequence
        self.moveX = moveX
        self.moveY = moveY
        self.aim = aim
        self.buttons = buttons
    }

    public var isFiring: Bool { buttons & Buttons.fire != 0 }
}

/// A player's id inside one room. Also the id of that player's entity in snapshots.
public typealias PlayerID = UInt16
