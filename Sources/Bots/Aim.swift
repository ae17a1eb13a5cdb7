import Foundation

/// Angles in the game's units: aim is 1/65536 of a turn, 0 = east, growing towards south
/// (screen y grows downwards, so `atan2(dy, dx)` already turns the right way).
enum Aim {
    static func angle(dx: Double, dy: Double) -> Double { atan2(dy, dx) }

    static func aim(radians: Double) -> UInt16 {
        let turns = radians / (2 * Double.pi)
        let wrapped = turns - turns.rounded(.down)
        return UInt16(truncatingIfNeeded: Int((wrapped * 65536).rounded()))
    }

    static func radians(degrees: Double) -> Double { degrees * Double.pi / 180 }
}
