import GameCore
import TestSupport
import Testing
import Wire

/// Random bytes never crash the decoders: each input is either a message that encodes
/// back to the same bytes, or a `ProtocolError` with a code and a message.
@Suite struct ProtocolFuzzTests {
    @Test func randomClientBytesDecodeOrFailCleanly() {
        var random = SeededGenerator(seed: 2026)
        var decoded = 0, refused = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...24, using: &random)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            // Bias towards real kinds so decoding goes past the first byte.
            if !bytes.isEmpty, Bool.random(using: &random) { bytes[0] = UInt8.random(in: 1...7, using: &random) }
            do {
                let message = try ClientMessage.decode(bytes[...], layout: ProtocolMessageTests.layout)
                // Whatever decodes must be exactly what the encoder would write.
                #expect(message.encoded(layout: ProtocolMessageTests.layout) == bytes)
                decoded += 1
            } catch {
                #expect(!error.message.isEmpty)
                refused += 1
            }
        }
        #expect(decoded > 0 && refused > 0)
    }

    @Test func randomServerBytesDecodeOrFailCleanly() {
        var random = SeededGenerator(seed: 7)
        var refused = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &random)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            if !bytes.isEmpty, Bool.random(using: &random) { bytes[0] = UInt8.random(in: 0x81...0x86, using: &random) }
            do {
                _ = try ServerMessage.decode(bytes[...])
            } catch {
                #expect(!error.message.isEmpty)
                refused += 1
            }
        }
        #expect(refused > 0)
    }
}
