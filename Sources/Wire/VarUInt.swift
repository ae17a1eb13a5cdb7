/// LEB128 unsigned varints: 7 value bits per byte, least significant group first, the high
/// bit set on every byte but the last. A 64-bit value takes 1...10 bytes.
public enum VarUInt {
    /// The longest encoding of a 64-bit value.
    public static let maxLength = 10

    /// Bytes `value` takes on the wire.
    @inlinable
    public static func length(of value: UInt64) -> Int {
        // 1 byte per started group of 7 significant bits; 0 still takes 1 byte.
        let significantBits = 64 - (value | 1).leadingZeroBitCount
        return (significantBits + 6) / 7
    }
}
