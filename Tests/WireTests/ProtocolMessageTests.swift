import GameCore
import Testing
import Wire

/// Protocol v2 (docs/PROTOCOL.md sections 3, 4, 8): every message kind round-trips, byte
/// layouts match the document, and each kind of bad message gets its documented code.
@Suite struct ProtocolMessageTests {
    /// An input layout with every width, signedness and constraint.
    static let layout = InputLayout([
        InputField("moveX", bytes: 1, signed: true, range: -127...127),
        InputField("moveY", bytes: 1, signed: true, range: -127...127),
        InputField("aim", bytes: 2, signed: false, range: 0...65535),
        InputField("buttons", bytes: 1, mask: 0b101),
        InputField("power", bytes: 4, signed: true, range: -1_000_000...1_000_000),
        InputField("slot", bytes: 2, signed: true, range: -3...3),
    ])

    static func input(_ sequence: UInt32, _ values: [Int32]) -> PlayerInput {
        var input = PlayerInput(sequence: sequence)
        for (index, value) in values.enumerated() { input[index] = value }
        return input
    }

    static let clientMessages: [ClientMessage] = [
        .join(version: 2, name: "alice", target: .any),
        .join(version: 2, name: "bob", target: .room("r-1")),
        .join(version: 2, name: "Zoë", target: .level(game: "", level: "duel")),
        .join(version: 2, name: "Zoë", target: .level(game: "pong", level: "classic")),
        .join(version: 2, name: "ada", target: .reservation(Array(16..<32)), credential: "t.k.n"),
        .input(ack: 0, input: input(1, [-127, 127, 65535, 5, -1_000_000, 3])),
        .input(ack: 123_456, input: input(99_999, [0, -1, 0, 0, 1_000_000, -3])),
        .input(ack: 300, input: input(16_383, [5, -5, 300, 4, 128, 2])),
        .leave,
        .listRooms,
        .resume(version: 2, token: Array(0..<16)),
        .spectate(version: 2, adminToken: "s3cret-token", room: ""),
        .spectate(version: 2, adminToken: "s3cret-token", room: "arena-1"),
        .ack(tick: 4_000_000_000),
        .replayControl(.pause),
        .replayControl(.play),
        .replayControl(.speed(quarters: 1)),
        .replayControl(.speed(quarters: 32)),
        .replayControl(.seek(tick: 0)),
        .replayControl(.seek(tick: 4_000_000_000)),
    ]

    @Test(arguments: clientMessages)
    func clientMessageRoundTrips(_ message: ClientMessage) throws {
        #expect(try ClientMessage.decode(message.encoded(layout: Self.layout)[...], layout: Self.layout) == message)
    }

    static let schema = EntitySchema(kinds: [
        EntityKind(id: 0, name: "paddle", fields: [FieldDescriptor("x", bits: 12), FieldDescriptor("y", bits: 12, quantizeShift: 2)]),
        EntityKind(id: 1, name: "ball", fields: [FieldDescriptor("vx", bits: 8, signed: true), FieldDescriptor("age", bits: 32)]),
        EntityKind(id: 2, name: "marker", fields: []),
    ])

    static let welcome = Welcome(playerID: 7, sessionToken: Array(repeating: 0xAB, count: 16), roomID: "duel-1",
                                 game: "arena", gameVersion: "1.0", level: "duel", levelTitle: "The Duel",
                                 tickRate: 60, snapshotRate: 30, schema: schema, inputLayout: layout,
                                 levelWidth: 768, levelHeight: 768,
                                 grid: TileGrid(width: 3, height: 3, tiles: Array("####S####".utf8)))

    static var gridless: Welcome {
        var welcome = Self.welcome
        welcome.grid = nil
        welcome.game = "pong"
        welcome.inputLayout = InputLayout([])
        return welcome
    }

    static let serverMessages: [ServerMessage] = [
        .welcome(welcome),
        .welcome(gridless),
        .spectating(welcome),
        .snapshot(body: [0x01, 0x00, 0x00, 0x00]),
        .roomList([]),
        .roomList([RoomInfo(id: "a", game: "arena", level: "duel", players: 2, capacity: 4, tick: 600, tickRate: 60,
                            tickP99Micros: 85, lateTicks: 7, bytesPerSecond: 12_345),
                   RoomInfo(id: "b", game: "pong", level: "classic", players: 2, capacity: 2, tick: 1, tickRate: 30, node: "node-2")]),
        .redirect(Redirect(url: "wss://play.example:7443/game", roomID: "duel-x", reservation: Array(0..<16))),
        .redirect(Redirect(url: "ws://10.0.0.2:7777/", roomID: "")),
        .error(code: .roomFull, message: "room a is full"),
        .roster([RosterEntry(id: 1, name: "alice", pingMilliseconds: 0), RosterEntry(id: 2, name: "bob", pingMilliseconds: 65_534),
                 RosterEntry(id: 3, name: "carol")]),
        .replayStatus(ReplayStatus(tick: 0, endTick: 0, tickRate: 60, paused: true, speedQuarters: 4, ending: "")),
        .replayStatus(ReplayStatus(tick: 1_200, endTick: 4_000_000_000, tickRate: 30, paused: false, speedQuarters: 32,
                                   ending: "complete (room closed)")),
    ]

    @Test(arguments: serverMessages)
    func serverMessageRoundTrips(_ message: ServerMessage) throws {
        #expect(try ServerMessage.decode(message.encoded()[...]) == message)
    }

    @Test func layoutsMatchTheDocument() {
        // join: kind, version 2, name "ab", target 1, room "r"
        #expect(hex(ClientMessage.join(version: 2, name: "ab", target: .room("r")).encoded()) == "01 02 02 61 62 01 01 72")
        // join by level: target 2, game "" (the default game), level "d"
        #expect(hex(ClientMessage.join(version: 2, name: "ab", target: .level(game: "", level: "d")).encoded())
                == "01 02 02 61 62 02 00 01 64")
        // input: kind, ack 300 (varuint ac 02), sequence 5, then the layout's fields: moveX -1,
        // moveY 2, aim 0x1234 LE, buttons 1, power -2 (i32 LE), slot 3 (i16 LE)
        let input = ClientMessage.input(ack: 300, input: Self.input(5, [-1, 2, 0x1234, 1, -2, 3]))
        #expect(hex(input.encoded(layout: Self.layout)) == "02 ac 02 05 ff 02 34 12 01 fe ff ff ff 03 00")
        #expect(hex(ClientMessage.ack(tick: 1).encoded()) == "07 01")
        #expect(hex(ServerMessage.error(code: .invalidToken, message: "x").encoded()) == "84 1e 00 01 78")
        // roster: kind, count 2, id 1 "a" ping 20 identity "u1", id 2 "b" ping unknown (ffff) no identity
        #expect(hex(ServerMessage.roster([RosterEntry(id: 1, name: "a", pingMilliseconds: 20, identity: "u1"),
                                          RosterEntry(id: 2, name: "b")]).encoded())
                == "85 02 01 00 01 61 14 00 02 75 31 02 00 01 62 ff ff 00")
        // join with a credential: the optional last field, a string
        #expect(hex(ClientMessage.join(version: 2, name: "a", target: .any, credential: "t.k.n").encoded())
                == "01 02 01 61 00 05 74 2e 6b 2e 6e")
        #expect((try? ClientMessage.decode(bytes("01 02 01 61 00 05 74 2e 6b 2e 6e")[...])) == .join(version: 2, name: "a", target: .any, credential: "t.k.n"))
        // replayControl: kind 08, command (1 pause, 2 play, 3 speed + quarters, 4 seek + tick)
        #expect(hex(ClientMessage.replayControl(.speed(quarters: 8)).encoded()) == "08 03 08")
        #expect(hex(ClientMessage.replayControl(.seek(tick: 300)).encoded()) == "08 04 ac 02")
        // replayStatus: tick 300, end 600, rate 60 (u16 LE), paused, 1x, ending "x"
        #expect(hex(ServerMessage.replayStatus(ReplayStatus(tick: 300, endTick: 600, tickRate: 60, paused: true, speedQuarters: 4,
                                                            ending: "x")).encoded())
                == "87 ac 02 d8 04 3c 00 01 04 01 78")
    }

    /// The cluster's additions (PROTOCOL.md section 3.2), byte for byte as the document shows them.
    @Test func clusterMessagesMatchTheDocument() throws {
        let join = ClientMessage.join(version: 2, name: "ada", target: .reservation(Array(0x10...0x1f)))
        #expect(hex(join.encoded()) == "01 02 03 61 64 61 03 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f")
        let redirect = ServerMessage.redirect(Redirect(url: "ws://10.0.0.2:7777/", roomID: "duel-x", reservation: Array(0x10...0x1f)))
        #expect(hex(redirect.encoded()) == "88 13 77 73 3a 2f 2f 31 30 2e 30 2e 30 2e 32 3a 37 37 37 37 2f "
                + "06 64 75 65 6c 2d 78 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f")
        // roomList: the node is each entry's last field.
        let list = ServerMessage.roomList([RoomInfo(id: "r", game: "g", level: "l", players: 1, capacity: 2, tick: 3, tickRate: 60, node: "n1")])
        #expect(hex(list.encoded()) == "83 01 01 72 01 67 01 6c 01 00 02 00 03 3c 00 00 00 00 02 6e 31")
        // A reservation cut short, and a target past 3, are refused.
        expectCode(.malformedMessage, bytes("01 02 03 61 64 61 03 10 11"))
        expectCode(.valueOutOfRange, bytes("01 02 03 61 64 61 04"))
        #expect(!Redirect(url: "ws://a/", roomID: "r").holdsSeat)
        // A redirect cut short in its reservation, or with a URL over 256 bytes, is refused.
        #expect(throws: ProtocolError.self) { try ServerMessage.decode(redirect.encoded().dropLast(1)) }
        let long = ServerMessage.redirect(Redirect(url: "ws://" + String(repeating: "h", count: 300) + "/", roomID: "r"))
        #expect(throws: ProtocolError.self) { try ServerMessage.decode(long.encoded()[...]) }
    }

    @Test func badReplayControlsAndStatusesAreRefused() {
        expectCode(.valueOutOfRange, [0x08, 0x00])
        expectCode(.valueOutOfRange, [0x08, 0x05])
        expectCode(.valueOutOfRange, [0x08, 0x03, 0x00])
        expectCode(.valueOutOfRange, [0x08, 0x03, 0x21])
        expectCode(.malformedMessage, [0x08])
        expectCode(.malformedMessage, [0x08, 0x01, 0x00])
        #expect(throws: ProtocolError.self) { try ServerMessage.decode([0x87, 0x01, 0x02, 0x3c, 0x00, 0x02, 0x04, 0x00][...]) }
        #expect(throws: ProtocolError.self) { try ServerMessage.decode([0x87, 0x01, 0x02, 0x3c, 0x00, 0x00, 0x00, 0x00][...]) }
    }

    /// The game's tables as `welcome` carries them (section 4).
    @Test func schemaAndInputLayoutMatchTheDocument() throws {
        var writer = ByteWriter()
        EntitySchema(kinds: [EntityKind(id: 0, name: "ball", fields: [FieldDescriptor("x", bits: 10, signed: true, quantizeShift: 2)])])
            .encode(into: &writer)
        // kinds 1; "ball", fields 1; "x", bits 10, flags 1 (signed), shift 2
        #expect(hex(writer.bytes) == "01 04 62 61 6c 6c 01 01 78 0a 01 02")
        writer = ByteWriter()
        InputLayout([InputField("dy", bytes: 1, signed: true, range: -1...1), InputField("b", bytes: 2, mask: 0x3)])
            .encode(into: &writer)
        // fields 2; "dy", 1 byte, flags 1 (signed range), min -1 (zig-zag 01), max 1 (02);
        // "b", 2 bytes, flags 2 (mask), mask 3 (u32 LE)
        #expect(hex(writer.bytes) == "02 02 64 79 01 01 01 02 01 62 02 02 03 00 00 00")
    }

    @Test func schemaAndLayoutRoundTripAlone() throws {
        var writer = ByteWriter()
        Self.schema.encode(into: &writer)
        Self.layout.encode(into: &writer)
        var reader = ByteReader(writer.bytes)
        #expect(try EntitySchema.decode(&reader) == Self.schema)
        #expect(try InputLayout.decode(&reader) == Self.layout)
        #expect(reader.isAtEnd)
    }

    @Test func badTablesInAWelcomeAreRefused() {
        let good = ServerMessage.welcome(Self.gridless).encoded()
        // The tail of a gridless welcome: layout count 00, width 768 (80 06), height 768 (80 06), grid flag 00.
        #expect(hex(Array(good.suffix(6))) == "00 80 06 80 06 00")
        var nineFields = good
        nineFields[good.count - 6] = 9  // more fields than a PlayerInput holds
        var badFlag = good
        badFlag[good.count - 1] = 2
        var version1 = good
        version1[1] = 1
        for (bytes, why) in [(nineFields, "9 input fields"), (badFlag, "grid flag 2"), (version1, "version 1")] {
            #expect(throws: ProtocolError.self, "\(why)") { try ServerMessage.decode(bytes[...]) }
        }
    }

    // MARK: Rejections, each with its documented code

    @Test func emptyAndTruncatedMessagesAreMalformed() {
        expectCode(.malformedMessage, [])
        let input = ClientMessage.input(ack: 1, input: PlayerInput(sequence: 1)).encoded(layout: Self.layout)
        for cut in 1..<input.count {
            expectCode(.malformedMessage, Array(input.prefix(cut)))
        }
        let join = ClientMessage.join(version: 2, name: "alice", target: .room("r")).encoded()
        for cut in 1..<join.count {
            expectCode(.malformedMessage, Array(join.prefix(cut)))
        }
    }

    /// A cut inside an input's values names the field's place and size, as a reader would.
    @Test func aCutInsideAnInputsValuesSaysWhere() {
        // kind, ack 1, sequence 1, moveX, moveY, aim (2), buttons, then power (4) at offset 8.
        let whole = ClientMessage.input(ack: 1, input: PlayerInput(sequence: 1)).encoded(layout: Self.layout)
        expectCode(.malformedMessage, Array(whole.prefix(10)),
                   mentioning: "input: truncated input at offset 8: needed 4 byte(s), 2 available")
        expectCode(.malformedMessage, Array(whole.prefix(5)),
                   mentioning: "input: truncated input at offset 5: needed 2 byte(s), 0 available")
    }

    @Test func trailingBytesAreMalformed() {
        expectCode(.malformedMessage, ClientMessage.leave.encoded() + [0x00])
        expectCode(.malformedMessage, ClientMessage.ack(tick: 5).encoded() + [0x01, 0x02])
    }

    @Test func unknownKindsAreRefused() {
        expectCode(.unknownMessageKind, [0x00])
        expectCode(.unknownMessageKind, [0x09])
        expectCode(.unknownMessageKind, [0x7F])
        // A server kind sent by a client is unknown to the server.
        expectCode(.unknownMessageKind, [0x81])
    }

    /// Every field is checked against the layout: error 4, naming the field.
    @Test func inputsOutsideTheLayoutAreRefused() {
        let valid: [Int32] = [0, 0, 0, 0, 0, 0]
        for (field, value) in [(0, Int32(-128)), (1, -128), (3, 2), (3, 0xFF), (4, 1_000_001), (4, -1_000_001), (5, 4), (5, -4)] {
            var values = valid
            values[field] = value
            let bytes = ClientMessage.input(ack: 0, input: Self.input(1, values)).encoded(layout: Self.layout)
            expectCode(.valueOutOfRange, bytes, mentioning: Self.layout.fields[field].name)
        }
        // An unsigned 4-byte value above Int32.max
        let wide = InputLayout([InputField("n", bytes: 4, signed: false, range: 0...Int32.max)])
        expectCode(.valueOutOfRange, [0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x80], layout: wide, mentioning: "n")
        // join target 4 (3 is a cluster's reservation)
        expectCode(.valueOutOfRange, [0x01, 0x02, 0x01, 0x61, 0x04])
    }

    /// The server's path for a player's input reads what the general decoder reads.
    @Test(arguments: clientMessages)
    func theInputPathReadsInputsAsTheDecoderDoes(_ message: ClientMessage) throws {
        let bytes = message.encoded(layout: Self.layout)
        guard case .input(let ack, let input) = message else {
            do {
                _ = try ClientMessage.decodeInput(bytes[...], layout: Self.layout)
                Issue.record("\(message.kind) read as an input")
            } catch {
                #expect(error.code == .unknownMessageKind, "\(message.kind): \(error)")
            }
            return
        }
        let decoded = try ClientMessage.decodeInput(bytes[...], layout: Self.layout)
        #expect(decoded.ack == ack)
        #expect(decoded.input == input)
    }

    @Test func anInputOutsideARoomIsReadWithoutALayout() throws {
        let bytes = ClientMessage.input(ack: 9, input: Self.input(4, [1, 2, 3, 4, 5, 6])).encoded(layout: Self.layout)
        #expect(try ClientMessage.decode(bytes[...]) == .input(ack: 9, input: PlayerInput(sequence: 4)))
    }

    @Test func version1IsRefusedClearly() {
        expectCode(.unsupportedVersion, [0x01, 0x01, 0x01, 0x61, 0x00], mentioning: "speaks 2")
        expectCode(.unsupportedVersion, [0x05, 0x01] + Array(repeating: 0, count: 16), mentioning: "speaks 2")
        expectCode(.unsupportedVersion, [0x06, 0x01, 0x00, 0x00], mentioning: "speaks 2")
    }

    @Test func oversizedNamesAndBadUTF8AreMalformed() {
        let longName = String(repeating: "n", count: ProtocolVersion.maxNameBytes + 1)
        expectCode(.malformedMessage, ClientMessage.join(version: 2, name: longName, target: .any).encoded())
        expectCode(.malformedMessage, [0x01, 0x02, 0x02, 0xC3, 0x28, 0x00])
    }

    /// Long error texts are cut to 256 bytes at a character boundary, so they still decode.
    @Test func longErrorTextsAreCutAtACharacterBoundary() throws {
        let text = "x" + String(repeating: "é", count: 200)  // 401 bytes; byte 256 is inside an é
        let decoded = try ServerMessage.decode(ServerMessage.error(code: .roomFull, message: text).encoded()[...])
        guard case .error(_, let message) = decoded else { Issue.record("not an error: \(decoded)"); return }
        #expect(message.utf8.count == 255)
        #expect(text.hasPrefix(message))
    }

    @Test func serverMessagesWithUnknownErrorCodesAreRefused() {
        #expect(throws: ProtocolError.self) { try ServerMessage.decode([0x84, 0xFF, 0xFF, 0x00][...]) }
    }

    @Test func aCredentialOverItsLimitIsMalformed() throws {
        let limit = ProtocolVersion.maxCredentialBytes
        let longest = ClientMessage.join(version: 2, name: "a", target: .any, credential: String(repeating: "t", count: limit))
        #expect(try ClientMessage.decode(longest.encoded()[...]) == longest)
        let over = ClientMessage.join(version: 2, name: "a", target: .any, credential: String(repeating: "t", count: limit + 1))
        expectCode(.malformedMessage, over.encoded())
        // An empty credential sent as a lone 00 is the same as none (found by the fuzzer).
        let none = ClientMessage.join(version: 2, name: "b\0\0", target: .any, credential: "")
        #expect(try ClientMessage.decode(bytes("01 02 03 62 00 00 00 00")[...]) == none)
        #expect(hex(none.encoded()) == "01 02 03 62 00 00 00")
        // A credential's length with nothing after it: truncated.
        expectCode(.malformedMessage, ClientMessage.resume(version: 2, token: Array(repeating: 7, count: 16)).encoded() + [0x05, 0x61])
    }

    private func expectCode(_ code: ErrorCode, _ bytes: [UInt8], layout: InputLayout = ProtocolMessageTests.layout,
                            mentioning: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let refusal: ProtocolError
        do {
            let message = try ClientMessage.decode(bytes[...], layout: layout)
            Issue.record("decoded \(message) from \(hex(bytes)); expected error \(code)", sourceLocation: sourceLocation)
            return
        } catch {
            refusal = error
        }
        #expect(refusal.code == code, "\(hex(bytes)): \(refusal)", sourceLocation: sourceLocation)
        #expect(!refusal.message.isEmpty, sourceLocation: sourceLocation)
        if let mentioning { #expect(refusal.message.contains(mentioning), "\(refusal.message)", sourceLocation: sourceLocation) }
        // A player's input takes the server's direct path: it must refuse the same bytes alike.
        if bytes.first == MessageKind.input.rawValue {
            #expect(throws: refusal, "\(hex(bytes)) on the input path", sourceLocation: sourceLocation) {
                try ClientMessage.decodeInput(bytes[...], layout: layout)
            }
        }
    }
}

extension ClientMessage: CustomTestStringConvertible {
    public var testDescription: String { "\(kind)" }
}

extension ServerMessage: CustomTestStringConvertible {
    public var testDescription: String { "\(kind)" }
}
