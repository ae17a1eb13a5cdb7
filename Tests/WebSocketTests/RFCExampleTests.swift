import Testing
@testable import WebSocket

/// RFC 6455 section 5.7 examples, byte for byte.
@Suite struct RFCExampleTests {
    @Test func unmaskedHelloReadByClient() {
        let result = readAll(hex("81 05 48 65 6c 6c 6f"), role: .client)
        #expect(result == ReadResult(events: [.text("Hello")]))
    }

    @Test func maskedHelloReadByServer() {
        let result = readAll(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), role: .server)
        #expect(result == ReadResult(events: [.text("Hello")]))
    }

    @Test func fragmentedUnmaskedHello() {
        let result = readAll(hex("01 03 48 65 6c  80 02 6c 6f"), role: .client)
        #expect(result == ReadResult(events: [.text("Hello")]))
    }

    @Test func unmaskedPingAndMaskedPong() {
        #expect(readAll(hex("89 05 48 65 6c 6c 6f"), role: .client) == ReadResult(events: [.ping(bytes("Hello"))]))
        #expect(readAll(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"), role: .server) == ReadResult(events: [.pong(bytes("Hello"))]))
    }

    @Test func binary256BytesWith16BitLength() {
        let payload = (0..<256).map { UInt8($0 & 0xFF) }
        let stream = hex("82 7E 01 00") + payload
        #expect(readAll(stream, role: .client) == ReadResult(events: [.binary(payload)]))
    }

    @Test func binary64KiBWith64BitLength() {
        let payload = (0..<65536).map { UInt8(($0 * 7) & 0xFF) }
        let stream = hex("82 7F 00 00 00 00 00 01 00 00") + payload
        #expect(readAll(stream, role: .client) == ReadResult(events: [.binary(payload)]))
    }

    /// RFC 6455 1.3 / 4.2.2 example. (The RFC's value; "s3pPLMBiTxaGR5ZKzo+xOo0YEk4=" is
    /// a common misquote.)
    @Test func acceptKeyExample() {
        #expect(ServerHandshake.acceptKey(for: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }
}
