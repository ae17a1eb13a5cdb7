/// How a player looks on the map: an arrow for the way it aims.
public enum PlayerGlyph {
    /// Aim is 1/65536 turn, 0 = east, increasing towards south (clockwise on screen);
    /// each arrow covers the quarter turn centred on its direction.
    public static func arrow(aim: UInt16) -> Character {
        switch (UInt32(aim) + 8192) / 16384 % 4 {
        case 0: ">"
        case 1: "v"
        case 2: "<"
        default: "^"
        }
    }

    /// The map tile a position (1/256 tile) falls on.
    public static func tile(_ fixed: Int32) -> Int { Int(fixed >> 8) }
}
