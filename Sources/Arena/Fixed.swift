/// Fixed-point helpers. World positions are Int32 in 1/256 of a tile, so tile maths is
/// shifts and every machine computes the same numbers.
public enum Fixed {
    /// Sub-units per tile (positions are in 1/256 tile).
    public static let unitsPerTile: Int32 = 256
    /// log2(unitsPerTile): `position >> tileShift` is the tile index (floor, also below 0).
    public static let tileShift: Int32 = 8

    /// The tile containing a position (floor division, so it is right for negatives too).
    @inline(__always)
    public static func tile(_ position: Int32) -> Int {
        Int(position >> tileShift)
    }

    /// The position of the centre of a tile.
    @inline(__always)
    public static func center(ofTile index: Int) -> Int32 {
        Int32(index) * unitsPerTile + unitsPerTile / 2
    }

    /// Integer square root (floor), by Newton's method on integers only.
    public static func squareRoot(_ value: Int64) -> Int64 {
        precondition(value >= 0, "square root of a negative number")
        if value < 2 { return value }
        var x = value
        var y = (x + 1) / 2
        while y < x {
            x = y
            y = (x + value / x) / 2
        }
        return x
    }
}
