import Testing
@testable import WebSocket

@Suite struct UTF8ValidatorTests {
    private func isValid(_ input: [UInt8]) -> Bool {
        var validator = UTF8Validator()
        return input.withUnsafeBytes { validator.validate($0) } && validator.isAtBoundary
    }

    @Test(arguments: [
        "", "plain ascii that is longer than eight bytes", "é", "€", "𝄞", "κόσμε", "\u{10FFFF}", "\u{D7FF}", "\u{E000}",
    ])
    func acceptsValidText(text: String) {
        #expect(isValid(Array(text.utf8)))
    }

    @Test(arguments: [
        "80", "bf", "c0 80", "c1 bf", "e0 80 80", "e0 9f bf", "ed a0 80", "ed bf bf", "f0 80 80 80", "f0 8f bf bf",
        "f4 90 80 80", "f5 80 80 80", "ff", "fe", "c3", "e2 82", "f0 9d 84", "c3 28", "61 62 63 64 65 66 67 68 80",
    ])
    func rejectsInvalidOrIncompleteSequences(hexBytes: String) {
        #expect(!isValid(hex(hexBytes)))
    }

    @Test func carriesStateAcrossChunksOneByteAtATime() {
        let text = Array("a€𝄞é".utf8)
        var validator = UTF8Validator()
        for byte in text {
            #expect([byte].withUnsafeBytes { validator.validate($0) })
        }
        #expect(validator.isAtBoundary)
    }

    @Test func reportsIncompleteSequenceAtChunkEnd() {
        var validator = UTF8Validator()
        #expect(([0xE2, 0x82] as [UInt8]).withUnsafeBytes { validator.validate($0) })
        #expect(!validator.isAtBoundary)
        #expect(([0xAC] as [UInt8]).withUnsafeBytes { validator.validate($0) })
        #expect(validator.isAtBoundary)
    }

    @Test func textFailsOnTheReadCarryingTheBadByteBeforeTheMessageEnds() {
        var reader = FrameReader(role: .server)
        // Non-final fragment: header and "ab" arrive first and are fine...
        let fragment = frame(1, [0x61, 0x62, 0xFF, 0x63, 0x64], fin: false)
        #expect(reader.feed(Array(fragment[0..<8])) == ReadResult())
        // ...the read with 0xFF fails at once, though the message has no final fragment yet.
        #expect(reader.feed(Array(fragment[8...])) == ReadResult(failure: failure(.invalidPayload, "invalid UTF-8 in text message")))
    }

    @Test func badByteInALaterFragmentFailsBeforeFin() {
        var reader = FrameReader(role: .server)
        #expect(reader.feed(frame(1, bytes("ok "), fin: false)) == ReadResult())
        // Overlong encoding in the middle fragment; no final fragment is ever sent.
        #expect(reader.feed(frame(0, [0xC0, 0xAF], fin: false)).failure?.code == .invalidPayload)
    }

    @Test func splitCharacterAcrossFragmentsIsAccepted() {
        let euro = Array("€".utf8)
        let stream = frame(1, [euro[0]], fin: false) + frame(0, [euro[1]], fin: false) + frame(0, [euro[2]])
        #expect(readAll(stream) == ReadResult(events: [.text("€")]))
    }
}
