import GameCore
import Testing
import Wire

/// Protocol v1 (docs/PROTOCOL.md sections 3, 4, 8): every message kind round-trips, byte
/// layouts match the document, and each kind of bad message gets its documented code.
@Suite struct ProtocolMessageTests {
    static let clientMessages: [ClientMessage] = [
        .join(version: 1, name: "alice", target: .any),
        .join(version: 1, name: "bob", target: .room("r-1")),
        .join(version: 1, name: "Zoë", target: .map("duel")),
        .input(ack: 0, input: PlayerInput(sequence: 1, moveX: -127, moveY: 127, aim: 65535, buttons: PlayerInput.Buttons.fire)),
        .input(ack: 123_456, input: PlayerInput(sequence: 99_999, moveX: 0, moveY: -1, aim: 0, buttons: 0)),
        .leave,
        .listRooms,
        .resume(version: 1, token: Array(0..<16)),
        .spectate(version: 1, adminToken: "s3cret-token", room: ""),
        .spectate(version: 1, adminToken: "s3cret-token", room: "arena-1"),
        .ack(tick: 4_000_000_000),
    ]

    @Test(arguments: clientMessages)
    func clientMessageRoundTrips(_ message: ClientMessage) throws {
        #expect(try ClientMessage.decode(message.encoded()[...]) == message)
    }

    static let welcome = Welcome(playerID: 7, sessionToken: Array(repeating: 0xAB, count: 16), roomID: "duel-1",
                                 mapName: "duel", tickRate: 60, snapshotRate: 30, mapWidth: 3, mapHeight: 3,
                                 tiles: Array("####S####".utf8))

    static let serverMessages: [ServerMessage] = [
        .welcome(welcome),
        .spectating(welcome),
        .snapshot(body: [0x01, 0x00, 0x00, 0x00]),
        .roomList([]),
        .roomList([RoomInfo(id: "a", map: "duel", players: 2, capacity: 4, tick: 600, tickRate: 60, tickP99Micros: 85,
                            lateTicks: 7, bytesPerSecond: 12_345),
                   RoomInfo(id: "b", map: "arena", players: 16, capacity: 16, tick: 1, tickRate: 30)]),
        .error(code: .roomFull, message: "room a is full"),
        .roster([RosterEntry(id: 1, name: "alice", pingMilliseconds: 0), RosterEntry(id: 2, name: "bob", pingMilliseconds: 65_534),
                 RosterEntry(id: 3, name: "carol")]),
    ]

    @Test(arguments: serverMessages)
    func serverMessageRoundTrips(_ message: ServerMessage) throws {
        #expect(try ServerMessage.decode(message.encoded()[...]) == message)
    }

    @Test func layoutsMatchTheDocument() {
        // join: kind, version, name "ab", target 1, room "r"
        #expect(hex(ClientMessage.join(version: 1, name: "ab", target: .room("r")).encoded()) == "01 01 02 61 62 01 01 72")
        // input: kind, ack 300 (varuint ac 02), sequence 5, moveX -1, moveY 2, aim 0x1234 LE, buttons 1
        let input = ClientMessage.input(ack: 300, input: PlayerInput(sequence: 5, moveX: -1, moveY: 2, aim: 0x1234, buttons: 1))
        #expect(hex(input.encoded()) == "02 ac 02 05 ff 02 34 12 01")
        #expect(hex(ClientMessage.ack(tick: 1).encoded()) == "07 01")
        #expect(hex(ServerMessage.error(code: .invalidToken, message: "x").encoded()) == "84 1e 00 01 78")
        // roster: kind, count 2, id 1 "a" ping 20, id 2 "b" ping unknown (ffff)
        #expect(hex(ServerMessage.roster([RosterEntry(id: 1, name: "a", pingMilliseconds: 20), RosterEntry(id: 2, name: "b")]).encoded())
                == "85 02 01 00 01 61 14 00 02 00 01 62 ff ff")
    }

    // MARK: Rejections, each with its documented code

    @Test func emptyAndTruncatedMessagesAreMalformed() {
        expectCode(.malformedMessage, [])
        let input = ClientMessage.input(ack: 1, input: PlayerInput(sequence: 1)).encoded()
        for cut in 1..<input.count {
            expectCode(.malformedMessage, Array(input.prefix(cut)))
        }
        let join = ClientMessage.join(version: 1, name: "alice", target: .room("r")).encoded()
        for cut in 1..<join.count {
            expectCode(.malformedMessage, Array(join.prefix(cut)))
        }
    }

    @Test func trailingBytesAreMalformed() {
        expectCode(.malformedMessage, ClientMessage.leave.encoded() + [0x00])
        expectCode(.malformedMessage, ClientMessage.ack(tick: 5).encoded() + [0x01, 0x02])
    }

    @Test func unknownKindsAreRefused() {
        expectCode(.unknownMessageKind, [0x00])
        expectCode(.unknownMessageKind, [0x08])
        expectCode(.unknownMessageKind, [0x7F])
        // A server kind sent by a client is unknown to the server.
        expectCode(.unknownMessageKind, [0x81])
    }

    @Test func outOfRangeValuesAreRefused() {
        // moveX -128
        expectCode(.valueOutOfRange, [0x02, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00, 0x00])
        // unknown button bit
        expectCode(.valueOutOfRange, [0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02])
        // join target 3
        expectCode(.valueOutOfRange, [0x01, 0x01, 0x01, 0x61, 0x03])
    }

    @Test func otherVersionsAreUnsupported() {
        expectCode(.unsupportedVersion, [0x01, 0x02, 0x01, 0x61, 0x00])
        expectCode(.unsupportedVersion, [0x05, 0x00] + Array(repeating: 0, count: 16))
    }

    @Test func oversizedNamesAndBadUTF8AreMalformed() {
        let longName = String(repeating: "n", count: ProtocolVersion.maxNameBytes + 1)
        expectCode(.malformedMessage, ClientMessage.join(version: 1, name: longName, target: .any).encoded())
        expectCode(.malformedMessage, [0x01, 0x01, 0x02, 0xC3, 0x28, 0x00])
    }

    @Test func serverMessagesWithUnknownErrorCodesAreRefused() {
        #expect(throws: ProtocolError.self) { try ServerMessage.decode([0x84, 0xFF, 0xFF, 0x00][...]) }
    }

    private func expectCode(_ code: ErrorCode, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let message = try ClientMessage.decode(bytes[...])
            Issue.record("decoded \(message) from \(hex(bytes)); expected error \(code)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(hex(bytes)): \(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
    }
}

extension ClientMessage: CustomTestStringConvertible {
    public var testDescription: String { "\(kind)" }
}

extension ServerMessage: CustomTestStringConvertible {
    public var testDescription: String { "\(kind)" }
}
