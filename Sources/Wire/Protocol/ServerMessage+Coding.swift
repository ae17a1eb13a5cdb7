extension ServerMessage {
    public func encode(into writer: inout ByteWriter) {
        writer.writeUInt8(kind.rawValue)
        switch self {
        case .welcome(let welcome), .spectating(let welcome):
            welcome.encode(into: &writer)
        case .snapshot(let body):
            writer.writeBytes(body)
        case .roomList(let rooms):
            writer.writeVarUInt(UInt64(rooms.count))
            for room in rooms {
                writer.writeString(room.id)
                writer.writeString(room.map)
                writer.writeUInt16(room.players)
                writer.writeUInt16(room.capacity)
                writer.writeVarUInt(UInt64(room.tick))
                writer.writeUInt16(room.tickRate)
                writer.writeVarUInt(UInt64(room.tickP99Micros))
                writer.writeVarUInt(UInt64(room.lateTicks))
                writer.writeVarUInt(UInt64(room.bytesPerSecond))
            }
        case .error(let code, let message):
            writer.writeUInt16(code.rawValue)
            writer.writeString(String(decoding: message.utf8.prefix(ProtocolVersion.maxTextBytes), as: UTF8.self))
        case .roster(let entries):
            writer.writeVarUInt(UInt64(entries.count))
            for entry in entries {
                writer.writeUInt16(entry.id)
                writer.writeString(entry.name)
                writer.writeUInt16(entry.pingMilliseconds ?? RosterEntry.unknownPing)
            }
        }
    }

    public func encoded() -> [UInt8] {
        var writer = ByteWriter(reservingCapacity: 64)
        encode(into: &writer)
        return writer.bytes
    }

    /// Decodes one whole message. A snapshot's body is returned as is (decode it with the
    /// Replication module against the client's baseline).
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(ProtocolError) -> ServerMessage {
        try WholeMessage.decode(bytes, direction: "server", accepts: { $0 >= 0x80 }, body: decodeBody)
    }

    private static func decodeBody(_ kind: MessageKind, _ reader: inout ByteReader) throws -> ServerMessage {
        switch kind {
        case .welcome:
            return .welcome(try Welcome.decode(&reader))
        case .spectating:
            return .spectating(try Welcome.decode(&reader))
        case .snapshot:
            return .snapshot(body: Array(try reader.readBytes(count: reader.remaining)))
        case .roomList:
            let count = try reader.readVarUInt()
            guard count <= 10_000 else { throw ProtocolError(.valueOutOfRange, "roomList: \(count) rooms") }
            var rooms: [RoomInfo] = []
            for _ in 0..<count {
                rooms.append(RoomInfo(
                    id: try reader.readString(maxBytes: ProtocolVersion.maxTextBytes),
                    map: try reader.readString(maxBytes: ProtocolVersion.maxTextBytes),
                    players: try reader.readUInt16(), capacity: try reader.readUInt16(),
                    tick: try reader.readVarUInt32(), tickRate: try reader.readUInt16(),
                    tickP99Micros: try reader.readVarUInt32(), lateTicks: try reader.readVarUInt32(),
                    bytesPerSecond: try reader.readVarUInt32()))
            }
            return .roomList(rooms)
        case .error:
            let raw = try reader.readUInt16()
            guard let code = ErrorCode(rawValue: raw) else {
                throw ProtocolError(.valueOutOfRange, "error: unknown code \(raw)")
            }
            return .error(code: code, message: try reader.readString(maxBytes: ProtocolVersion.maxTextBytes))
        case .roster:
            let count = try reader.readVarUInt()
            guard count <= 1024 else { throw ProtocolError(.valueOutOfRange, "roster: \(count) entries") }
            var entries: [RosterEntry] = []
            for _ in 0..<count {
                let id = try reader.readUInt16()
                let name = try reader.readString(maxBytes: ProtocolVersion.maxNameBytes)
                let ping = try reader.readUInt16()
                entries.append(RosterEntry(id: id, name: name, pingMilliseconds: ping == RosterEntry.unknownPing ? nil : ping))
            }
            return .roster(entries)
        default:
            throw ProtocolError(.unknownMessageKind, "kind 0x\(String(kind.rawValue, radix: 16)) is not a server message")
        }
    }
}

extension Welcome {
    func encode(into writer: inout ByteWriter) {
        writer.writeUInt8(version)
        writer.writeUInt16(playerID)
        writer.writeBytes(sessionToken)
        writer.writeString(roomID)
        writer.writeString(mapName)
        writer.writeUInt16(tickRate)
        writer.writeUInt16(snapshotRate)
        writer.writeUInt16(mapWidth)
        writer.writeUInt16(mapHeight)
        writer.writeBytes(tiles)
    }

    static func decode(_ reader: inout ByteReader) throws -> Welcome {
        let version = try reader.readUInt8()
        guard version == ProtocolVersion.current else {
            throw ProtocolError(.unsupportedVersion, "welcome: protocol version \(version)")
        }
        let playerID = try reader.readUInt16()
        let token = Array(try reader.readBytes(count: ProtocolVersion.sessionTokenBytes))
        let roomID = try reader.readString(maxBytes: ProtocolVersion.maxTextBytes)
        let mapName = try reader.readString(maxBytes: ProtocolVersion.maxTextBytes)
        let tickRate = try reader.readUInt16()
        let snapshotRate = try reader.readUInt16()
        let width = try reader.readUInt16()
        let height = try reader.readUInt16()
        guard width > 0, height > 0, Int(width) * Int(height) <= 1 << 20 else {
            throw ProtocolError(.valueOutOfRange, "welcome: map size \(width)x\(height)")
        }
        let tiles = Array(try reader.readBytes(count: Int(width) * Int(height)))
        return Welcome(version: version, playerID: playerID, sessionToken: token, roomID: roomID, mapName: mapName,
                       tickRate: tickRate, snapshotRate: snapshotRate, mapWidth: width, mapHeight: height, tiles: tiles)
    }
}
