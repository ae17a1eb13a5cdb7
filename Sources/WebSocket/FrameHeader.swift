/// A parsed RFC 6455 5.2 frame header, checked against the rules that need only the
/// header itself. Rules that depend on the message in progress live in `FrameReader`.
struct FrameHeader: Sendable, Equatable {
    var fin: Bool
    var opcode: Opcode
    var masked: Bool
    var maskKey: UInt32
    var payloadLength: UInt64

    /// Bytes the whole header takes, known from its second byte: 2, +2 or +8 for the
    /// extended length, +4 for the mask key.
    @inline(__always)
    static func length(secondByte: UInt8) -> Int {
        let lengthCode = secondByte & 0x7F
        let extended = lengthCode == 126 ? 2 : (lengthCode == 127 ? 8 : 0)
        return 2 + extended + (secondByte & 0x80 != 0 ? 4 : 0)
    }

    /// Parses a complete header at `bytes` (which must hold `length(secondByte:)` bytes).
    @inline(__always)
    static func parse(_ bytes: UnsafeRawPointer) -> Result<FrameHeader, FrameReadError> {
        let first = bytes.load(fromByteOffset: 0, as: UInt8.self)
        let second = bytes.load(fromByteOffset: 1, as: UInt8.self)
        // No extensions are negotiated, so RSV1-3 must be zero (RFC 6455 5.2).
        if first & 0x70 != 0 { return .failure(.reservedBitsSet) }
        guard let opcode = Opcode(rawValue: first & 0x0F) else { return .failure(.unknownOpcode) }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        var index = 2
        var payloadLength = UInt64(second & 0x7F)
        if payloadLength == 126 {
            payloadLength = UInt64(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
            index = 4
        } else if payloadLength == 127 {
            payloadLength = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            index = 10
            if payloadLength & (1 << 63) != 0 { return .failure(.lengthTopBitSet) }
        }
        if opcode.isControl {
            if !fin { return .failure(.fragmentedControlFrame) }
            if payloadLength > 125 { return .failure(.controlFrameTooLong) }
            // A close body is empty or starts with a 2-byte code (RFC 6455 5.5.1).
            if opcode == .close && payloadLength == 1 { return .failure(.closeBodyOneByte) }
        }
        var maskKey: UInt32 = 0
        if masked {
            maskKey = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self))
        }
        return .success(FrameHeader(fin: fin, opcode: opcode, masked: masked, maskKey: maskKey, payloadLength: payloadLength))
    }
}
