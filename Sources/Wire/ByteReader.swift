/// Reads what `ByteWriter` writes, from the front of a byte buffer. Every read checks the
/// bounds first and throws a `WireError` instead of trapping, so hostile input can only
/// ever produce an error. The buffer is shared, not copied (an array slice is a view).
public struct ByteReader: Sendable {
    /// The whole input, read or not; reading never changes it.
    public let bytes: ArraySlice<UInt8>
    /// Index into `bytes` of the next byte to read.
    @usableFromInline
    var position: Int

    /// Reads `bytes` from its `startIndex`; error offsets count from there.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// Reads a whole array.
    public init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    /// Bytes consumed so far; error offsets use the same origin.
    public var offset: Int { position - bytes.startIndex }
    /// Bytes left to read.
    public var remaining: Int { bytes.endIndex - position }
    /// Whether every byte has been read.
    public var isAtEnd: Bool { position == bytes.endIndex }

    /// Throws `.trailingBytes` unless everything was read.
    public func expectEnd() throws(WireError) {
        if !isAtEnd { throw .trailingBytes(offset: offset, count: remaining) }
    }

    @inline(__always)
    func require(_ count: Int) throws(WireError) {
        if count > remaining { throw .truncated(offset: offset, needed: count, available: remaining) }
    }

    /// One byte.
    public mutating func readUInt8() throws(WireError) -> UInt8 {
        try require(1)
        defer { position += 1 }
        return bytes[position]
    }

    /// Little-endian.
    public mutating func readUInt16() throws(WireError) -> UInt16 {
        try require(2)
        defer { position += 2 }
        return UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
    }

    /// Little-endian.
    public mutating func readUInt32() throws(WireError) -> UInt32 {
        try require(4)
        defer { position += 4 }
        return UInt32(bytes[position])
            | UInt32(bytes[position + 1]) << 8
            | UInt32(bytes[position + 2]) << 16
            | UInt32(bytes[position + 3]) << 24
    }

    /// A LEB128 varuint of up to 10 bytes. Rejects encodings longer than needed (a final
    /// zero group), a 10th byte above 1 (the value would pass 64 bits) or with a
    /// continuation bit, and input that ends inside the varint.
    @inlinable
    public mutating func readVarUInt() throws(WireError) -> UInt64 {
        // One byte below 0x80, and two whose second is 1...0x7F (128...16383: sequences and
        // ticks of the first minutes, most coordinates), are always canonical: the common
        // cases, inlined into the decoders; the rest stays out of line.
        if position < bytes.endIndex {
            let first = bytes[position]
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
            if position + 1 < bytes.endIndex {
                let second = bytes[position + 1]
                if second &- 1 < 0x7F {
                    position += 2
                    return UInt64(first & 0x7F) | UInt64(second) << 7
                }
            }
        }
        return try readLongVarUInt()
    }

    /// `readVarUInt` past its one- and two-byte cases: longer varints, and the errors,
    /// including the input ending before the first byte.
    @usableFromInline
    mutating func readLongVarUInt() throws(WireError) -> UInt64 {
        // Three bytes (up to 2,097,151: ticks after 4.5 minutes at 60 Hz, sequences after 9
        // at 30 Hz) without the loop. A last byte of 0 would be a longer encoding than
        // needed and takes the checks below.
        if position + 2 < bytes.endIndex {
            let first = bytes[position], second = bytes[position + 1], third = bytes[position + 2]
            if first >= 0x80 && second >= 0x80 && third &- 1 < 0x7F {
                position += 3
                return UInt64(first & 0x7F) | UInt64(second & 0x7F) << 7 | UInt64(third) << 14
            }
        }
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let read = position - start
            guard position < bytes.endIndex else {
                throw .truncated(offset: start - bytes.startIndex, needed: read + 1, available: read)
            }
            let byte = bytes[position]
            position += 1
            if read == VarUInt.maxLength - 1 {
                // 10th byte: 63 bits are in, only bit 63 is left.
                if byte & 0x80 != 0 { position = start; throw .varintTooLong(offset: start - bytes.startIndex) }
                if byte > 1 { position = start; throw .varintOverflow(offset: start - bytes.startIndex, bits: 64) }
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && read > 0 {
                    position = start
                    throw .nonCanonicalVarint(offset: start - bytes.startIndex)
                }
                return value
            }
            shift += 7
        }
    }

    /// A varuint that must fit in 32 bits.
    @inlinable
    public mutating func readVarUInt32() throws(WireError) -> UInt32 {
        let start = position
        let value = try readVarUInt()
        guard let narrow = UInt32(exactly: value) else {
            position = start
            throw .varintOverflow(offset: start - bytes.startIndex, bits: 32)
        }
        return narrow
    }

    /// A zig-zag varint (see `ByteWriter.writeVarInt`).
    @inlinable
    public mutating func readVarInt() throws(WireError) -> Int64 {
        ZigZag.decode(try readVarUInt())
    }

    /// A zig-zag varint that must fit in 32 bits.
    @inlinable
    public mutating func readVarInt32() throws(WireError) -> Int32 {
        let start = position
        let value = try readVarInt()
        guard let narrow = Int32(exactly: value) else {
            position = start
            throw .varintOverflow(offset: start - bytes.startIndex, bits: 32)
        }
        return narrow
    }

    /// The next `count` bytes, as a view into the input (no copy).
    public mutating func readBytes(count: Int) throws(WireError) -> ArraySlice<UInt8> {
        precondition(count >= 0, "count must not be negative")
        try require(count)
        defer { position += count }
        return bytes[position ..< position + count]
    }

    /// A varuint byte length, at most `maxBytes`, then that many bytes of valid UTF-8.
    public mutating func readString(maxBytes: Int) throws(WireError) -> String {
        let start = position
        let length = try readVarUInt()
        guard length <= UInt64(maxBytes) else {
            position = start
            throw .lengthTooLarge(offset: start - bytes.startIndex, length: length, limit: maxBytes)
        }
        let bodyOffset = offset
        let body = try readBytes(count: Int(length))
        guard let string = String(validating: body, as: UTF8.self) else {
            position = start
            throw .invalidUTF8(offset: bodyOffset, length: body.count)
        }
        return string
    }
}
