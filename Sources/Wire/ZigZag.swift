/// Zig-zag mapping of signed to unsigned integers (0, -1, 1, -2, 2 ... -> 0, 1, 2, 3, 4 ...),
/// so that values of small magnitude, negative or not, become small varints.
public enum ZigZag {
    /// Maps a signed value to its zig-zag unsigned form.
    @inlinable
    public static func encode(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value &<< 1) ^ (value &>> 31))
    }

    /// Inverse of `encode(_: Int32)`.
    @inlinable
    public static func decode(_ value: UInt32) -> Int32 {
        Int32(bitPattern: (value &>> 1) ^ (0 &- (value & 1)))
    }

    /// Maps a signed value to its zig-zag unsigned form.
    @inlinable
    public static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value &<< 1) ^ (value &>> 63))
    }

    /// Inverse of `encode(_: Int64)`.
    @inlinable
    public static func decode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value &>> 1) ^ (0 &- (value & 1)))
    }
}
