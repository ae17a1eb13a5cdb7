import Testing
import Wire

@Suite struct ByteWriterTests {
    @Test func fixedWidthIntegersAreLittleEndian() {
        var writer = ByteWriter()
        writer.writeUInt8(0xAB)
        writer.writeUInt16(0x1234)
        writer.writeUInt32(0xDEADBEEF)
        #expect(hex(writer.bytes) == "ab 34 12 ef be ad de")
    }

    @Test func varUIntFixtures() {
        let cases: [(UInt64, String)] = [
            (0, "00"), (1, "01"), (127, "7f"), (128, "80 01"), (300, "ac 02"),
            (16_383, "ff 7f"), (16_384, "80 80 01"),
            (UInt64(UInt32.max), "ff ff ff ff 0f"),
            (UInt64.max, "ff ff ff ff ff ff ff ff ff 01"),
        ]
        for (value, expected) in cases {
            var writer = ByteWriter()
            writer.writeVarUInt(value)
            #expect(hex(writer.bytes) == expected, "\(value)")
            #expect(VarUInt.length(of: value) == writer.count)
        }
    }

    @Test func varIntIsZigZagged() {
        var writer = ByteWriter()
        writer.writeVarInt(-1)
        writer.writeVarInt(63)
        writer.writeVarInt(-64)
        writer.writeVarInt(64)
        #expect(hex(writer.bytes) == "01 7e 7f 80 01")
    }

    @Test func stringIsLengthPrefixedUTF8() {
        var writer = ByteWriter()
        writer.writeString("hé")
        writer.writeString("")
        #expect(hex(writer.bytes) == "03 68 c3 a9 00")
    }

    @Test func resetKeepsCapacity() {
        var writer = ByteWriter(reservingCapacity: 64)
        for _ in 0..<64 { writer.writeUInt8(1) }
        let capacity = writer.bytes.capacity
        writer.reset()
        #expect(writer.count == 0)
        #expect(writer.bytes.capacity == capacity)
    }

    @Test func overflowIsStickyAndWritesNothingPartial() {
        var writer = ByteWriter(limit: 5)
        writer.writeUInt32(1)
        #expect(!writer.overflowed)
        writer.writeUInt16(2) // does not fit: dropped whole
        #expect(writer.overflowed)
        #expect(writer.count == 4)
        writer.writeUInt8(3) // would fit, but the flag is sticky
        #expect(writer.count == 4)
        writer.writeVarUInt(1)
        writer.writeString("x")
        writer.writeBytes([1, 2])
        #expect(writer.count == 4 && writer.overflowed)
        writer.reset()
        #expect(!writer.overflowed)
        writer.writeBytes([1, 2, 3, 4, 5])
        #expect(writer.count == 5 && !writer.overflowed)
    }

    @Test func overflowChecksWholeVarintAndString() {
        var writer = ByteWriter(limit: 2)
        writer.writeVarUInt(1 << 14) // 3 bytes
        #expect(writer.overflowed && writer.count == 0)
        var strings = ByteWriter(limit: 3)
        strings.writeString("abc") // 1 + 3 bytes
        #expect(strings.overflowed && strings.count == 0)
    }

    @Test func aRunWritesWhatTheWriterWouldAndAppendsItWhole() {
        let values: [UInt64] = [0, 127, 128, 300, 16_384, UInt64(UInt32.max), UInt64.max]
        var direct = ByteWriter()
        var viaRun = ByteWriter()
        direct.writeUInt8(7)
        viaRun.writeRun(capacity: 1 + values.count * VarUInt.maxLength + 2 * VarUInt.maxLength) { run in
            run.writeUInt8(7)
            for value in values { run.writeVarUInt(value) }
            run.writeVarInt(-64)
            run.writeVarInt(64)
            #expect(run.count == 1 + values.map(VarUInt.length(of:)).reduce(0, +) + 1 + 2)
        }
        for value in values { direct.writeVarUInt(value) }
        direct.writeVarInt(-64)
        direct.writeVarInt(64)
        #expect(viaRun.bytes == direct.bytes)
    }

    @Test func aRunThatDoesNotFitIsDroppedWhole() {
        var writer = ByteWriter(limit: 3)
        writer.writeUInt8(1)
        writer.writeRun(capacity: 2 * VarUInt.maxLength) { run in
            run.writeVarUInt(1)
            run.writeVarUInt(1 << 7) // 3 bytes in all, 2 left
        }
        #expect(writer.overflowed && writer.bytes == [1])
    }
}
