import GameCore

/// Arena's input layout and its field indices: move on each axis, aim, buttons.
public enum ArenaInput {
    /// Movement intent on each axis, -127...127 (0 = still).
    public static let moveX = 0
    /// Field index of vertical movement, -127...127 (positive is south, screen down).
    public static let moveY = 1
    /// Aim angle in 1/65536 of a full turn, 0 = +x (east), increasing towards +y (south, screen down).
    public static let aim = 2
    /// Bit set of `Buttons`.
    public static let buttons = 3

    /// Bits of the `buttons` field.
    public enum Buttons {
        /// Fire along `aim`; held down, it fires every `ArenaRules.fireCooldown` ticks.
        public static let fire: Int32 = 1 << 0
    }

    /// The input layout sent in `welcome`: moveX and moveY (1 signed byte each), aim (2 bytes),
    /// buttons (1 byte, `fire` only).
    public static let layout = InputLayout([
        InputField("moveX", bytes: 1, signed: true, range: -127...127),
        InputField("moveY", bytes: 1, signed: true, range: -127...127),
        InputField("aim", bytes: 2, signed: false, range: 0...65535),
        InputField("buttons", bytes: 1, mask: UInt32(Buttons.fire)),
    ])

    /// An Arena input from its parts.
    public static func make(sequence: UInt32 = 0, moveX: Int8 = 0, moveY: Int8 = 0, aim: UInt16 = 0,
                            fire: Bool = false) -> PlayerInput {
        var input = PlayerInput(sequence: sequence)
        input[Self.moveX] = Int32(moveX)
        input[Self.moveY] = Int32(moveY)
        input[Self.aim] = Int32(aim)
        input[Self.buttons] = fire ? Buttons.fire : 0
        return input
    }
}
