import TestSupport
import Testing
@testable import WebSocket

@Suite struct FrameWriterTests {
    @Test func headerSizes() {
        #expect(FrameWriter.headerSize(payloadCount: 0, masked: false) == 2)
        #expect(FrameWriter.headerSize(payloadCount: 125, masked: false) == 2)
        #expect(FrameWriter.headerSize(payloadCount: 126, masked: false) == 4)
        #expect(FrameWriter.headerSize(payloadCount: 65535, masked: false) == 4)
        #expect(FrameWriter.headerSize(payloadCount: 65536, masked: false) == 10)
        #expect(FrameWriter.headerSize(payloadCount: 0, masked: true) == 6)
        #expect(FrameWriter.headerSize(payloadCount: 126, masked: true) == 8)
        #expect(FrameWriter.headerSize(payloadCount: 65536, masked: true) == 14)
    }

    private func header(_ opcode: Opcode, fin: Bool = true, count: Int, key: UInt32?) -> [UInt8] {
        var out = [UInt8](repeating: 0xEE, count: 14)
        let written = out.withUnsafeMutableBytes {
            FrameWriter.writeHeader(into: $0, opcode: opcode, fin: fin, payloadCount: count, maskKey: key)
        }
        #expect(written == FrameWriter.headerSize(payloadCount: count, masked: key != nil))
        return Array(out[0..<written])
    }

    @Test func headerBytesMatchRFCExamples() {
        #expect(header(.text, count: 5, key: nil) == hex("81 05"))
        #expect(header(.text, count: 5, key: 0x37FA_213D) == hex("81 85 37 fa 21 3d"))
        #expect(header(.text, fin: false, count: 3, key: nil) == hex("01 03"))
        #expect(header(.continuation, count: 2, key: nil) == hex("80 02"))
        #expect(header(.binary, count: 256, key: nil) == hex("82 7E 01 00"))
        #expect(header(.binary, count: 65536, key: nil) == hex("82 7F 00 00 00 00 00 01 00 00"))
        #expect(header(.ping, count: 0, key: nil) == hex("89 00"))
        #expect(header(.pong, count: 5, key: 0x01020304) == hex("8a 85 01 02 03 04"))
    }

    @Test func maskedHelloMatchesRFC() {
        var out: [UInt8] = []
        bytes("Hello").withUnsafeBytes {
            FrameWriter.appendFrame(to: &out, opcode: .text, payload: $0, maskKey: 0x37FA_213D)
        }
        #expect(out == hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"))
    }

    @Test func unmaskedFrameAppendsAfterExistingBytes() {
        var out: [UInt8] = [0xAA]
        bytes("Hello").withUnsafeBytes { FrameWriter.appendFrame(to: &out, opcode: .text, payload: $0, maskKey: nil) }
        #expect(out == [0xAA] + hex("81 05 48 65 6c 6c 6f"))
    }

    @Test func maskingInChunksEqualsMaskingAtOnce() {
        let plain = (0..<1000).map { UInt8(($0 * 13) & 0xFF) }
        let key: UInt32 = 0xA1B2_C3D4
        var whole = plain
        whole.withUnsafeMutableBytes { FrameWriter.applyMask($0, maskKey: key) }
        // Reference: byte i XOR key byte (i % 4), key bytes big-endian.
        let keyBytes: [UInt8] = [0xA1, 0xB2, 0xC3, 0xD4]
        #expect(whole == plain.enumerated().map { $0.element ^ keyBytes[$0.offset % 4] })

        var generator = SeededGenerator(seed: 42)
        for _ in 0..<50 {
            var chunked = plain
            var offset = 0
            chunked.withUnsafeMutableBytes { all in
                while offset < all.count {
                    let size = min(all.count - offset, Int.random(in: 1...23, using: &generator))
                    FrameWriter.applyMask(UnsafeMutableRawBufferPointer(rebasing: all[offset..<(offset + size)]), maskKey: key, offset: offset)
                    offset += size
                }
            }
            #expect(chunked == whole)
        }
    }

    @Test func closeFramePayloadIsCodeThenReason() {
        var out: [UInt8] = []
        FrameWriter.appendCloseFrame(to: &out, code: .goingAway, reason: "bye", maskKey: nil)
        #expect(out == hex("88 05 03 E9 62 79 65"))
    }

    @Test func longCloseReasonIsTruncatedOnACharacterBoundary() {
        // 62 two-byte characters = 124 bytes: only 61 (122 bytes) fit after the code.
        let reason = String(repeating: "é", count: 62)
        var out: [UInt8] = []
        FrameWriter.appendCloseFrame(to: &out, code: .normal, reason: reason, maskKey: nil)
        #expect(out[1] == 124)
        let events = readAll(out, role: .client).events
        #expect(events == [.close(1000, Array(String(repeating: "é", count: 61).utf8))])
        // A reason that fits exactly (123 bytes) is kept whole.
        var exact: [UInt8] = []
        FrameWriter.appendCloseFrame(to: &exact, code: .normal, reason: String(repeating: "x", count: 123), maskKey: 0x1234_5678)
        #expect(readAll(exact, role: .server).events == [.close(1000, Array(repeating: 0x78, count: 123))])
    }

    @Test(arguments: [0, 1, 7, 125, 126, 127, 65535, 65536, 100_000])
    func clientWriterToServerReaderRoundTrip(size: Int) {
        let payload = (0..<size).map { UInt8(($0 * 7 + 3) & 0xFF) }
        var wire: [UInt8] = []
        payload.withUnsafeBytes { FrameWriter.appendFrame(to: &wire, opcode: .binary, payload: $0, maskKey: 0xDEAD_BEEF) }
        #expect(wire.count == size + FrameWriter.headerSize(payloadCount: size, masked: true))
        #expect(readAll(wire, role: .server) == ReadResult(events: [.binary(payload)]))
    }

    @Test(arguments: [0, 125, 126, 65535, 65536])
    func serverWriterToClientReaderRoundTrip(size: Int) {
        let text = String(repeating: "a", count: size)
        var wire: [UInt8] = []
        Array(text.utf8).withUnsafeBytes { FrameWriter.appendFrame(to: &wire, opcode: .text, payload: $0, maskKey: nil) }
        #expect(wire.count == size + FrameWriter.headerSize(payloadCount: size, masked: false))
        #expect(readAll(wire, role: .client) == ReadResult(events: [.text(text)]))
    }

    @Test func fragmentedWriteRoundTrip() {
        var wire: [UInt8] = []
        let key: UInt32 = 0x0102_0304
        bytes("frag").withUnsafeBytes { FrameWriter.appendFrame(to: &wire, opcode: .text, fin: false, payload: $0, maskKey: key) }
        bytes("p").withUnsafeBytes { FrameWriter.appendFrame(to: &wire, opcode: .ping, payload: $0, maskKey: key) }
        bytes("mented").withUnsafeBytes { FrameWriter.appendFrame(to: &wire, opcode: .continuation, payload: $0, maskKey: key) }
        #expect(readAll(wire, role: .server) == ReadResult(events: [.ping(bytes("p")), .text("fragmented")]))
    }
}
