import Testing
@testable import WebSocket

/// One hex fixture per RFC 6455 rule the reader enforces, with the close code it maps to.
/// Server-role fixtures use mask key 00 00 00 00 where the payload should stay readable.
@Suite struct FrameReaderRuleTests {
    @Test(arguments: [
        ("c1 80 00000000", "RSV1"), ("a1 80 00000000", "RSV2"), ("91 80 00000000", "RSV3"),
    ])
    func reservedBitsAreProtocolErrors(fixture: String, bit: String) {
        #expect(readAll(hex(fixture)).failure == failure(.protocolError, "reserved bits set"), "\(bit)")
    }

    @Test(arguments: [3, 4, 5, 6, 7, 11, 12, 13, 14, 15] as [UInt8])
    func unknownOpcodesAreProtocolErrors(opcode: UInt8) {
        #expect(readAll([0x80 | opcode, 0x80, 0, 0, 0, 0]).failure == failure(.protocolError, "unknown opcode"))
    }

    @Test func controlFrameWithoutFinIsProtocolError() {
        #expect(readAll(hex("09 80 00000000")).failure == failure(.protocolError, "fragmented control frame"))
    }

    @Test func controlFrameOver125BytesIsProtocolError() {
        // Ping declaring 126 bytes via the 16-bit length; rejected from the header alone.
        #expect(readAll(hex("89 FE 00 7E 00000000")).failure == failure(.protocolError, "control frame over 125 bytes"))
        // 125 is fine.
        let ok = readAll(frame(9, Array(repeating: 0x61, count: 125)))
        #expect(ok == ReadResult(events: [.ping(Array(repeating: 0x61, count: 125))]))
    }

    @Test func continuationWithoutStartedMessageIsProtocolError() {
        #expect(readAll(hex("80 80 00000000")).failure == failure(.protocolError, "continuation without a started message"))
    }

    @Test func newDataFrameDuringFragmentedMessageIsProtocolError() {
        let stream = hex("01 81 00000000 61") + hex("81 81 00000000 62")
        let result = readAll(stream)
        #expect(result == ReadResult(failure: failure(.protocolError, "new message inside a fragmented message")))
        let binary = hex("02 81 00000000 61") + hex("82 81 00000000 62")
        #expect(readAll(binary).failure == failure(.protocolError, "new message inside a fragmented message"))
    }

    @Test func sixtyFourBitLengthWithTopBitIsProtocolError() {
        #expect(readAll(hex("82 FF 80 00 00 00 00 00 00 00 00000000")).failure
            == failure(.protocolError, "64-bit length with top bit set"))
    }

    @Test func serverRejectsUnmaskedFrame() {
        #expect(readAll(hex("81 05 48 65 6c 6c 6f"), role: .server).failure == failure(.protocolError, "unmasked client frame"))
        // A whole binary frame too (the reader's one-step path).
        #expect(readAll(hex("82 05 48 65 6c 6c 6f"), role: .server).failure == failure(.protocolError, "unmasked client frame"))
    }

    @Test func clientRejectsMaskedFrame() {
        #expect(readAll(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), role: .client).failure
            == failure(.protocolError, "masked server frame"))
        #expect(readAll(hex("82 85 37 fa 21 3d 7f 9f 4d 51 58"), role: .client).failure
            == failure(.protocolError, "masked server frame"))
    }

    @Test func frameDeclaringMoreThanMaxMessageBytesFailsAtHeader() {
        // Only the header is fed: the limit is checked before any payload is buffered.
        let limits = WebSocketLimits(maxMessageBytes: 1000)
        let result = readAll(hex("82 FE 03 E9 00000000"), limits: limits)  // 1001 bytes declared
        #expect(result.failure == failure(.messageTooBig, "message too big"))
        let huge = readAll(hex("82 FF 7F FF FF FF FF FF FF FF 00000000"))
        #expect(huge.failure == failure(.messageTooBig, "message too big"))
    }

    /// A whole frame in one read (the reader's one-step path for binary frames) meets the
    /// same limits as one whose payload is still to come.
    @Test func wholeFramesInOneReadMeetTheLimitsToo() {
        let tooBig = frame(2, Array(repeating: UInt8(7), count: 1001))
        #expect(readAll(tooBig, limits: WebSocketLimits(maxMessageBytes: 1000)).failure == failure(.messageTooBig, "message too big"))
        let short = frame(2, Array(repeating: UInt8(7), count: 11))
        #expect(readAll(short, limits: WebSocketLimits(maxMessageBytes: 10)).failure == failure(.messageTooBig, "message too big"))
        #expect(readAll(short, limits: WebSocketLimits(maxFragmentsPerMessage: 0)).failure == failure(.messageTooBig, "too many fragments"))
    }

    @Test func frameOfExactlyMaxMessageBytesIsAccepted() {
        let limits = WebSocketLimits(maxMessageBytes: 1000)
        let payload = Array(repeating: UInt8(7), count: 1000)
        #expect(readAll(frame(2, payload), limits: limits) == ReadResult(events: [.binary(payload)]))
    }

    @Test func fragmentsSummingOverMaxMessageBytesFailAtTheHeaderThatCrossesIt() {
        let limits = WebSocketLimits(maxMessageBytes: 10)
        var reader = FrameReader(role: .server, limits: limits)
        #expect(reader.feed(frame(2, Array(repeating: 1, count: 6), fin: false)) == ReadResult())
        // The second header alone (6 + 5 > 10) is enough to fail.
        #expect(reader.feed(hex("80 85 00000000")).failure == failure(.messageTooBig, "message too big"))
    }

    @Test func tooManyFragmentsIsMessageTooBig() {
        let limits = WebSocketLimits(maxFragmentsPerMessage: 3)
        let three = frame(1, bytes("a"), fin: false) + frame(0, bytes("b"), fin: false) + frame(0, bytes("c"))
        #expect(readAll(three, limits: limits) == ReadResult(events: [.text("abc")]))
        let four = frame(1, bytes("a"), fin: false) + frame(0, bytes("b"), fin: false)
            + frame(0, bytes("c"), fin: false) + frame(0, bytes("d"))
        #expect(readAll(four, limits: limits) == ReadResult(failure: failure(.messageTooBig, "too many fragments")))
    }

    @Test func emptyFragmentsStillCountTowardsTheFragmentLimit() {
        let limits = WebSocketLimits(maxFragmentsPerMessage: 2)
        let stream = frame(2, [], fin: false) + frame(0, [], fin: false) + frame(0, [])
        #expect(readAll(stream, limits: limits).failure == failure(.messageTooBig, "too many fragments"))
    }

    @Test func invalidUTF8TextIsInvalidPayload() {
        #expect(readAll(hex("81 82 00000000 C3 28")).failure == failure(.invalidPayload, "invalid UTF-8 in text message"))
    }

    @Test func textEndingInsideASequenceIsInvalidPayload() {
        // "é" split: the final fragment ends with a lone lead byte.
        let stream = frame(1, [0x61], fin: false) + frame(0, [0xC3])
        #expect(readAll(stream).failure == failure(.invalidPayload, "invalid UTF-8 in text message"))
        #expect(readAll(frame(1, [0xE2, 0x82])).failure == failure(.invalidPayload, "invalid UTF-8 in text message"))
    }

    @Test func binaryIsNotUTF8Checked() {
        #expect(readAll(frame(2, [0xFF, 0xC3])) == ReadResult(events: [.binary([0xFF, 0xC3])]))
    }

    @Test func closeWithOneBytePayloadIsProtocolError() {
        #expect(readAll(hex("88 81 00000000 03")).failure == failure(.protocolError, "close frame with 1-byte body"))
    }

    @Test func emptyCloseHasNilCode() {
        #expect(readAll(hex("88 80 00000000")) == ReadResult(events: [.close(nil, [])]))
    }

    @Test func closeWithCodeAndReason() {
        let result = readAll(hex("88 86 00000000 03 E8") + bytes("bye!"))
        #expect(result == ReadResult(events: [.close(1000, bytes("bye!"))]))
    }

    @Test(arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999] as [UInt16])
    func validCloseCodesAreDelivered(code: UInt16) {
        let result = readAll(frame(8, [UInt8(code >> 8), UInt8(code & 0xFF)]))
        #expect(result == ReadResult(events: [.close(code, [])]))
        #expect(CloseCode.isValidOnWire(code))
    }

    @Test(arguments: [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535] as [UInt16])
    func invalidCloseCodesAreProtocolErrors(code: UInt16) {
        let result = readAll(frame(8, [UInt8(code >> 8), UInt8(code & 0xFF)]))
        #expect(result == ReadResult(failure: failure(.protocolError, "invalid close code")))
        #expect(!CloseCode.isValidOnWire(code))
    }

    @Test func closeReasonMustBeUTF8() {
        #expect(readAll(hex("88 84 00000000 03 E8 C3 28")).failure == failure(.invalidPayload, "invalid UTF-8 in close reason"))
        #expect(readAll(hex("88 83 00000000 03 E8 C3")).failure == failure(.invalidPayload, "invalid UTF-8 in close reason"))
    }

    @Test func bytesAfterCloseAreProtocolError() {
        let stream = hex("88 82 00000000 03 E8") + frame(9, [])
        let result = readAll(stream)
        #expect(result == ReadResult(events: [.close(1000, [])], failure: failure(.protocolError, "data after close")))
        // Same in a later read.
        var reader = FrameReader(role: .server)
        #expect(reader.feed(hex("88 80 00000000")) == ReadResult(events: [.close(nil, [])]))
        #expect(reader.feed([0x89]).failure == failure(.protocolError, "data after close"))
    }

    @Test func failureIsStickyAndLaterBytesAreIgnored() {
        var reader = FrameReader(role: .server)
        let first = reader.feed(hex("c1 80 00000000") + frame(1, bytes("hi")))
        #expect(first == ReadResult(failure: failure(.protocolError, "reserved bits set")))
        let second = reader.feed(frame(1, bytes("hi")))
        #expect(second == ReadResult(failure: failure(.protocolError, "reserved bits set")))
    }

    @Test func closeCodeConstantsHaveRFCValues() {
        let codes: [(CloseCode, UInt16)] = [
            (.normal, 1000), (.goingAway, 1001), (.protocolError, 1002), (.unsupportedData, 1003), (.noStatus, 1005),
            (.abnormal, 1006), (.invalidPayload, 1007), (.policyViolation, 1008), (.messageTooBig, 1009),
            (.mandatoryExtension, 1010), (.internalError, 1011), (.tryAgainLater, 1013),
        ]
        for (code, value) in codes { #expect(code.rawValue == value) }
        #expect(!CloseCode.isValidOnWire(CloseCode.noStatus.rawValue))
        #expect(!CloseCode.isValidOnWire(CloseCode.abnormal.rawValue))
    }
}

/// Failures do not depend on how the bytes were split either.
@Suite struct FrameReaderSplitFailureTests {
    @Test(arguments: [
        ("c1 80 00000000", CloseCode.protocolError),
        ("89 FE 00 7E 00000000", .protocolError),
        ("82 FF 80 00 00 00 00 00 00 00 00000000", .protocolError),
        ("82 FE 03 E9 00000000", .messageTooBig),
        ("01 83 00000000 61 C3 28", .invalidPayload),
        ("88 84 00000000 03 ED 61 62", .protocolError),
        ("88 84 00000000 03 E8 C3 28", .invalidPayload),
        ("81 05 48 65 6c 6c 6f", .protocolError),
    ])
    func oneByteAtATimeGivesTheSameFailure(fixture: String, code: CloseCode) {
        let stream = hex(fixture)
        let limits = WebSocketLimits(maxMessageBytes: 1000)
        let whole = readAll(stream, limits: limits)
        var reader = FrameReader(role: .server, limits: limits)
        let split = reader.feed(stream, splitAt: Array(repeating: 1, count: stream.count))
        #expect(whole.failure?.code == code)
        #expect(split == whole)
    }
}
