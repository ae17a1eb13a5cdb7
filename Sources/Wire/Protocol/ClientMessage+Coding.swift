import GameCore

extension ClientMessage {
    /// `layout`: the room's input layout, needed for `input` only.
    public func encode(into writer: inout ByteWriter, layout: InputLayout? = nil) {
        writer.writeUInt8(kind.rawValue)
        switch self {
        case .join(let version, let name, let target, let credential):
            writer.writeUInt8(version)
            writer.writeString(name)
            switch target {
            case .any:
                writer.writeUInt8(0)
            case .room(let room):
                writer.writeUInt8(1)
                writer.writeString(room)
            case .level(let game, let level):
                writer.writeUInt8(2)
                writer.writeString(game)
                writer.writeString(level)
            case .reservation(let token):
                writer.writeUInt8(3)
                writer.writeBytes(token)
            }
            writeCredential(credential, into: &writer)
        case .input(let ack, let input):
            writer.writeVarUInt(UInt64(ack))
            writer.writeVarUInt(UInt64(input.sequence))
            if let layout { input.encodeValues(into: &writer, layout: layout) }
        case .leave, .listRooms:
            break
        case .resume(let version, let token, let credential):
            writer.writeUInt8(version)
            writer.writeBytes(token)
            writeCredential(credential, into: &writer)
        case .spectate(let version, let adminToken, let room, let credential):
            writer.writeUInt8(version)
            writer.writeString(adminToken)
            writer.writeString(room)
            writeCredential(credential, into: &writer)
        case .ack(let tick):
            writer.writeVarUInt(UInt64(tick))
        case .replayControl(let command):
            switch command {
            case .pause: writer.writeUInt8(1)
            case .play: writer.writeUInt8(2)
            case .speed(let quarters):
                writer.writeUInt8(3)
                writer.writeUInt8(quarters)
            case .seek(let tick):
                writer.writeUInt8(4)
                writer.writeVarUInt(UInt64(tick))
            }
        }
    }

    /// A credential is an optional last field: absent when empty, so clients of servers
    /// without authentication never send one.
    private func writeCredential(_ credential: String, into writer: inout ByteWriter) {
        if !credential.isEmpty { writer.writeString(credential) }
    }

    private static func readCredential(_ reader: inout ByteReader) throws -> String {
        reader.remaining == 0 ? "" : try reader.readString(maxBytes: ProtocolVersion.maxCredentialBytes)
    }

    /// The message as a fresh byte array, kind byte first (see `encode(into:layout:)`).
    public func encoded(layout: InputLayout? = nil) -> [UInt8] {
        var writer = ByteWriter(reservingCapacity: 32)
        encode(into: &writer, layout: layout)
        return writer.bytes
    }

    /// Decodes one whole message; anything left over is an error. `layout` is the input
    /// layout of the sender's room; without one, an input's values are skipped unread
    /// (the caller refuses an input outside a room anyway).
    public static func decode(_ bytes: ArraySlice<UInt8>, layout: InputLayout? = nil) throws(ProtocolError) -> ClientMessage {
        try WholeMessage.decode(bytes, direction: "client", accepts: { $0 < 0x80 }) { kind, reader in
            try decodeBody(kind, &reader, layout: layout)
        }
    }

    /// Decodes one whole `input` message by the layout of the sender's room: what `decode`
    /// reads and refuses for it, without building a `ClientMessage` (the per-message path
    /// of every playing client).
    public static func decodeInput(_ bytes: ArraySlice<UInt8>, layout: InputLayout) throws(ProtocolError) -> (ack: UInt32, input: PlayerInput) {
        try WholeMessage.decode(bytes, direction: "client", accepts: { $0 == MessageKind.input.rawValue }) { _, reader in
            try readInput(&reader, layout: layout)
        }
    }

    /// An input's body: the acknowledged tick, the sequence, and the values of `layout`
    /// (skipped unread without one).
    private static func readInput(_ reader: inout ByteReader, layout: InputLayout?) throws -> (ack: UInt32, input: PlayerInput) {
        let ack = try reader.readVarUInt32()
        let sequence = try reader.readVarUInt32()
        guard let layout else {
            _ = try reader.readBytes(count: reader.remaining)
            return (ack, PlayerInput(sequence: sequence))
        }
        return (ack, try PlayerInput.decodeValues(&reader, sequence: sequence, layout: layout))
    }

    private static func decodeBody(_ kind: MessageKind, _ reader: inout ByteReader, layout: InputLayout?) throws -> ClientMessage {
        switch kind {
        case .join:
            let version = try reader.readUInt8()
            guard version == ProtocolVersion.current else {
                throw ProtocolError(.unsupportedVersion, "protocol version \(version) is not supported (this server speaks \(ProtocolVersion.current))")
            }
            let name = try reader.readString(maxBytes: ProtocolVersion.maxNameBytes)
            let targetKind = try reader.readUInt8()
            let target: JoinTarget
            switch targetKind {
            case 0: target = .any
            case 1: target = .room(try reader.readString(maxBytes: ProtocolVersion.maxTextBytes))
            case 2:
                let game = try reader.readString(maxBytes: ProtocolVersion.maxTextBytes)
                target = .level(game: game, level: try reader.readString(maxBytes: ProtocolVersion.maxTextBytes))
            case 3: target = .reservation(Array(try reader.readBytes(count: ProtocolVersion.sessionTokenBytes)))
            default: throw ProtocolError(.valueOutOfRange, "join: target kind \(targetKind) is not 0, 1, 2 or 3")
            }
            return .join(version: version, name: name, target: target, credential: try readCredential(&reader))
        case .input:
            let (ack, input) = try readInput(&reader, layout: layout)
            return .input(ack: ack, input: input)
        case .leave:
            return .leave
        case .listRooms:
            return .listRooms
        case .resume:
            let version = try reader.readUInt8()
            guard version == ProtocolVersion.current else {
                throw ProtocolError(.unsupportedVersion, "protocol version \(version) is not supported (this server speaks \(ProtocolVersion.current))")
            }
            let token = Array(try reader.readBytes(count: ProtocolVersion.sessionTokenBytes))
            return .resume(version: version, token: token, credential: try readCredential(&reader))
        case .spectate:
            let version = try reader.readUInt8()
            guard version == ProtocolVersion.current else {
                throw ProtocolError(.unsupportedVersion, "protocol version \(version) is not supported (this server speaks \(ProtocolVersion.current))")
            }
            let adminToken = try reader.readString(maxBytes: ProtocolVersion.maxTextBytes)
            let room = try reader.readString(maxBytes: ProtocolVersion.maxTextBytes)
            return .spectate(version: version, adminToken: adminToken, room: room, credential: try readCredential(&reader))
        case .ack:
            return .ack(tick: try reader.readVarUInt32())
        case .replayControl:
            let command = try reader.readUInt8()
            switch command {
            case 1: return .replayControl(.pause)
            case 2: return .replayControl(.play)
            case 3:
                let quarters = try reader.readUInt8()
                guard ReplayCommand.speedRange.contains(quarters) else {
                    throw ProtocolError(.valueOutOfRange, "replayControl: speed \(quarters) quarters is not 1...32")
                }
                return .replayControl(.speed(quarters: quarters))
            case 4: return .replayControl(.seek(tick: try reader.readVarUInt32()))
            default: throw ProtocolError(.valueOutOfRange, "replayControl: command \(command) is not 1...4")
            }
        default:
            throw ProtocolError(.unknownMessageKind, "kind 0x\(String(kind.rawValue, radix: 16)) is not a client message")
        }
    }
}
