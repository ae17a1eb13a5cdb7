import PropertyBased
import Testing
import Wire

@Suite struct ByteReaderTests {
    @Test func roundTripsEveryTypeAtItsEdges() throws {
        var writer = ByteWriter()
        let u8: [UInt8] = [0, 1, .max]
        let u16: [UInt16] = [0, 1, .max]
        let u32: [UInt32] = [0, 1, .max]
        let varuints: [UInt64] = [0, 127, 128, UInt64(UInt32.max), .max - 1, .max]
        let varints: [Int64] = [0, -1, 1, -64, 63, -65, 64, .min, .max]
        let strings = ["", "a", "héllo wörld", "🎮 tickwire", String(repeating: "z", count: 300)]
        u8.forEach { writer.writeUInt8($0) }
        u16.forEach { writer.writeUInt16($0) }
        u32.forEach { writer.writeUInt32($0) }
        varuints.forEach { writer.writeVarUInt($0) }
        varints.forEach { writer.writeVarInt($0) }
        strings.forEach { writer.writeString($0) }
        writer.writeBytes([9, 8, 7])

        var reader = ByteReader(writer.bytes)
        for value in u8 { #expect(try reader.readUInt8() == value) }
        for value in u16 { #expect(try reader.readUInt16() == value) }
        for value in u32 { #expect(try reader.readUInt32() == value) }
        for value in varuints { #expect(try reader.readVarUInt() == value) }
        for value in varints { #expect(try reader.readVarInt() == value) }
        for value in strings { #expect(try reader.readString(maxBytes: 1000) == value) }
        #expect(Array(try reader.readBytes(count: 3)) == [9, 8, 7])
        try reader.expectEnd()
    }

    @Test func roundTripsRandomVarints() async {
        await propertyCheck(input: Gen.uint64(), Gen.int(in: 0...63)) { raw, shift in
            // Shifting spreads values over every encoded length, not just the 10-byte ones.
            let value = raw >> UInt64(shift)
            var writer = ByteWriter()
            writer.writeVarUInt(value)
            writer.writeVarInt(Int64(bitPattern: value))
            var reader = ByteReader(writer.bytes)
            do {
                #expect(try reader.readVarUInt() == value)
                #expect(try reader.readVarInt() == Int64(bitPattern: value))
                #expect(reader.isAtEnd)
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func readsFromASliceWithOffsetsRelativeToIt() throws {
        let buffer: [UInt8] = [0xFF, 0xFF, 0x05, 0x80]
        var reader = ByteReader(buffer[2...])
        #expect(try reader.readVarUInt() == 5)
        #expect(reader.offset == 1)
        #expect(throws: WireError.truncated(offset: 1, needed: 2, available: 1)) { try reader.readVarUInt() }
        // A two-byte varint (read inline) inside a slice that ends before its array does.
        var inner = ByteReader(([0xFF, 0x80, 0x01, 0x80] as [UInt8])[1..<3])
        #expect(try inner.readVarUInt() == 128)
        #expect(inner.isAtEnd)
    }

    @Test func truncatedInputThrowsForEveryRead() {
        func expectTruncated(_ input: [UInt8], _ read: (inout ByteReader) throws(WireError) -> Void) {
            var reader = ByteReader(input)
            do {
                try read(&reader)
                Issue.record("expected truncated for \(input), read succeeded")
            } catch {
                guard case .truncated = error else { Issue.record("expected truncated, got \(error)"); return }
            }
        }
        expectTruncated([]) { r throws(WireError) in _ = try r.readUInt8() }
        expectTruncated([1]) { r throws(WireError) in _ = try r.readUInt16() }
        expectTruncated([1, 2, 3]) { r throws(WireError) in _ = try r.readUInt32() }
        expectTruncated([]) { r throws(WireError) in _ = try r.readVarUInt() }
        expectTruncated([0x80, 0x80]) { r throws(WireError) in _ = try r.readVarUInt() }
        expectTruncated([0xFF]) { r throws(WireError) in _ = try r.readVarInt() }
        expectTruncated([1, 2]) { r throws(WireError) in _ = try r.readBytes(count: 3) }
        expectTruncated([0x03, 0x61]) { r throws(WireError) in _ = try r.readString(maxBytes: 10) }
    }

    @Test func truncationReportsWhatWasMissing() {
        var reader = ByteReader([0x01, 0x02, 0x03])
        #expect(throws: WireError.truncated(offset: 0, needed: 4, available: 3)) { try reader.readUInt32() }
        var varint = ByteReader([0x80, 0x80])
        #expect(throws: WireError.truncated(offset: 0, needed: 3, available: 2)) { try varint.readVarUInt() }
    }

    @Test func rejectsOverlongVarints() {
        // 11 bytes: continuation bit still set on the 10th byte.
        var tooLong = ByteReader(bytes("ff ff ff ff ff ff ff ff ff 81 01"))
        #expect(throws: WireError.varintTooLong(offset: 0)) { try tooLong.readVarUInt() }
        // 10th byte 0x02 would set bit 64.
        var overflow = ByteReader(bytes("ff ff ff ff ff ff ff ff ff 02"))
        #expect(throws: WireError.varintOverflow(offset: 0, bits: 64)) { try overflow.readVarUInt() }
        // Zero as two bytes.
        var padded = ByteReader(bytes("80 00"))
        #expect(throws: WireError.nonCanonicalVarint(offset: 0)) { try padded.readVarUInt() }
        // 2^32 does not fit a 32-bit read.
        var wide = ByteReader(bytes("80 80 80 80 10"))
        #expect(throws: WireError.varintOverflow(offset: 0, bits: 32)) { try wide.readVarUInt32() }
        var wideSigned = ByteReader(bytes("80 80 80 80 10"))
        #expect(throws: WireError.varintOverflow(offset: 0, bits: 32)) { try wideSigned.readVarInt32() }
    }

    /// Two- and three-byte varints have short paths (two bytes inline, three just past
    /// it): every two-byte value and the ones either side, and the three-byte edges with a
    /// spread between, read back exactly and consume exactly their bytes; a last byte of
    /// zero, or a missing one, is refused as on the long path and consumes nothing.
    @Test(arguments: [2, 3])
    func readsShortVarints(length: Int) throws {
        let values = length == 2
            ? Array(UInt64(0)...16_500)
            : [16_383, 16_384, 16_385, 2_097_150, 2_097_151, 2_097_152] + Array(stride(from: UInt64(16_384), through: 2_097_151, by: 127))
        var writer = ByteWriter()
        for value in values { writer.writeVarUInt(value) }
        var reader = ByteReader(writer.bytes)
        for value in values {
            let read = try reader.readVarUInt()
            if read != value { Issue.record("read \(read) for \(value)"); return }
        }
        #expect(reader.isAtEnd)
        let lowest = UInt64(1) << (7 * (length - 1)), highest = UInt64(1) << (7 * length) - 1
        let continuing = [UInt8](repeating: 0x80, count: length - 1), full = [UInt8](repeating: 0xFF, count: length - 1)
        #expect(try ByteReader(continuing + [0x01]).readingVarUInt() == lowest)
        #expect(try ByteReader(full + [0x7F]).readingVarUInt() == highest)
        // A last byte of zero is a longer encoding than needed, on the short paths too.
        var padded = ByteReader(full + [0x00])
        #expect(throws: WireError.nonCanonicalVarint(offset: 0)) { try padded.readVarUInt() }
        #expect(padded.remaining == length, "a refused varint consumes nothing")
        var cut = ByteReader(full)
        #expect(throws: WireError.truncated(offset: 0, needed: length, available: length - 1)) { try cut.readVarUInt() }
    }

    @Test func readsThirtyTwoBitVarintsAtTheirEdges() throws {
        var writer = ByteWriter()
        writer.writeVarUInt(UInt64(UInt32.max))
        writer.writeVarInt(Int64(Int32.min))
        writer.writeVarInt(Int64(Int32.max))
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readVarUInt32() == .max)
        #expect(try reader.readVarInt32() == .min)
        #expect(try reader.readVarInt32() == .max)
    }

    @Test func rejectsInvalidUTF8AndLongStrings() {
        var invalid = ByteReader(bytes("02 c3 28"))
        #expect(throws: WireError.invalidUTF8(offset: 1, length: 2)) { try invalid.readString(maxBytes: 10) }
        var long = ByteReader(bytes("05 61 61 61 61 61"))
        #expect(throws: WireError.lengthTooLarge(offset: 0, length: 5, limit: 4)) { try long.readString(maxBytes: 4) }
    }

    @Test func reportsTrailingBytes() throws {
        var reader = ByteReader([1, 2, 3])
        _ = try reader.readUInt8()
        #expect(throws: WireError.trailingBytes(offset: 1, count: 2)) { try reader.expectEnd() }
    }

    @Test func errorsDescribeThemselves() {
        #expect(WireError.truncated(offset: 3, needed: 2, available: 1).description
            == "truncated input at offset 3: needed 2 byte(s), 1 available")
        #expect(WireError.varintTooLong(offset: 0).description.contains("longer than 10 bytes"))
    }
}

private extension ByteReader {
    /// Reads one varuint from a copy (for one-line expectations).
    func readingVarUInt() throws -> UInt64 {
        var reader = self
        return try reader.readVarUInt()
    }
}
