/// Everything that can be wrong with bytes read by `ByteReader`. Offsets are from the
/// start of the buffer the reader was created over, so an error points at the bad byte.
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input ended: `needed` bytes were required at `offset`, only `available` remain.
    case truncated(offset: Int, needed: Int, available: Int)
    /// A varint kept its continuation bit past the 10th byte (the most a 64-bit value needs).
    case varintTooLong(offset: Int)
    /// A varint's value does not fit in `bits` bits.
    case varintOverflow(offset: Int, bits: Int)
    /// A varint ended with a zero group (e.g. `80 00` for 0): one value, one encoding.
    case nonCanonicalVarint(offset: Int)
    /// A string's bytes are not valid UTF-8.
    case invalidUTF8(offset: Int, length: Int)
    /// A length prefix is larger than the caller's limit.
    case lengthTooLarge(offset: Int, length: UInt64, limit: Int)
    /// Bytes were left after the last field of a message.
    case trailingBytes(offset: Int, count: Int)

    /// One line naming the problem and its offset, for logs and `error` messages.
    public var description: String {
        switch self {
        case let .truncated(offset, needed, available):
            "truncated input at offset \(offset): needed \(needed) byte(s), \(available) available"
        case let .varintTooLong(offset):
            "varint at offset \(offset) is longer than 10 bytes"
        case let .varintOverflow(offset, bits):
            "varint at offset \(offset) does not fit in \(bits) bits"
        case let .nonCanonicalVarint(offset):
            "varint at offset \(offset) is not in its shortest form (ends with a zero group)"
        case let .invalidUTF8(offset, length):
            "string of \(length) byte(s) at offset \(offset) is not valid UTF-8"
        case let .lengthTooLarge(offset, length, limit):
            "length \(length) at offset \(offset) exceeds the limit of \(limit)"
        case let .trailingBytes(offset, count):
            "\(count) unexpected trailing byte(s) at offset \(offset)"
        }
    }
}
