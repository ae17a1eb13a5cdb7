import GameCore

extension ServerMessage {
    /// Appends the kind byte and the body to `writer`.
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
                writer.writeString(room.game)
                writer.writeString(room.level)
                writer.writeUInt16(room.players)
                writer.writeUInt16(room.capacity)
                writer.writeVarUInt(UInt64(room.tick))
                writer.writeUInt16(room.tickRate)
                writer.writeVarUInt(UInt64(room.tickP99Micros))
                writer.writeVarUInt(UInt64(room.lateTicks))
                writer.writeVarUInt(UInt64(room.bytesPerSecond))
                writer.writeString(room.node)
            }
        case .error(let code, let message):
            writer.writeUInt16(code.rawValue)
            writer.writeString(Self.truncated(message, toBytes: ProtocolVersion.maxTextBytes))
        case .roster(let entries):
            writer.writeVarUInt(UInt64(entries.count))
            for entry in entries {
                writer.writeUInt16(entry.id)
                writer.writeString(entry.name)
                writer.writeUInt16(entry.pingMilliseconds ?? RosterEntry.unknownPing)
                writer.writeString(entry.identity)
            }
        case .replayStatus(let status):
            writer.writeVarUInt(UInt64(status.tick))
            writer.writeVarUInt(UInt64(status.endTick))
            writer.writeUInt16(status.tickRate)
            writer.writeUInt8(status.paused ? 1 : 0)
            writer.writeUInt8(status.speedQuarters)
            writer.writeString(Self.truncated(status.ending, toBytes: ProtocolVersion.maxTextBytes))
        case .redirect(let redirect):
            writer.writeString(redirect.url)
            writer.writeString(redirect.roomID)
            writer.writeBytes(redirect.reservation)
        }
    }

    /// The message as a fresh byte array, kind byte first.
    /// The longest prefix of whole characters that fits in `limit` UTF-8 bytes.
    static func truncated(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var end = text.startIndex, bytes = 0
        for character in text {
            bytes += character.utf8.count
            if bytes > limit { break }
            end = text.index(after: end)
        }
        return String(text[..<end])
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
                    game: try reader.readString(maxBytes: ProtocolVersion.maxTextBytes),
                    level: try reader.readString(maxBytes: ProtocolVersion.maxTextBytes),
                    players: try reader.readUInt16(), capacity: try reader.readUInt16(),
                    tick: try reader.readVarUInt32(), tickRate: try reader.readUInt16(),
                    tickP99Micros: try reader.readVarUInt32(), lateTicks: try reader.readVarUInt32(),
                    bytesPerSecond: try reader.readVarUInt32(),
                    node: try reader.readString(maxBytes: ProtocolVersion.maxTextBytes)))
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
                let identity = try reader.readString(maxBytes: ProtocolVersion.maxIdentityBytes)
                entries.append(RosterEntry(id: id, name: name, pingMilliseconds: ping == RosterEntry.unknownPing ? nil : ping,
                                           identity: identity))
            }
            return .roster(entries)
        case .replayStatus:
            let tick = try reader.readVarUInt32()
            let endTick = try reader.readVarUInt32()
            let tickRate = try reader.readUInt16()
            let paused = try reader.readUInt8()
            let speed = try reader.readUInt8()
            guard paused <= 1, ReplayCommand.speedRange.contains(speed) else {
                throw ProtocolError(.valueOutOfRange, "replayStatus: paused \(paused), speed \(speed)")
            }
            return .replayStatus(ReplayStatus(tick: tick, endTick: endTick, tickRate: tickRate, paused: paused == 1,
                                              speedQuarters: speed, ending: try reader.readString(maxBytes: ProtocolVersion.maxTextBytes)))
        case .redirect:
            let url = try reader.readString(maxBytes: ProtocolVersion.maxTextBytes)
            let roomID = try reader.readString(maxBytes: ProtocolVersion.maxTextBytes)
            return .redirect(Redirect(url: url, roomID: roomID,
                                      reservation: Array(try reader.readBytes(count: ProtocolVersion.sessionTokenBytes))))
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
        writer.writeString(game)
        writer.writeString(gameVersion)
        writer.writeString(level)
        writer.writeString(levelTitle)
        writer.writeUInt16(tickRate)
        writer.writeUInt16(snapshotRate)
        schema.encode(into: &writer)
        inputLayout.encode(into: &writer)
        writer.writeVarUInt(UInt64(max(levelWidth, 0)))
        writer.writeVarUInt(UInt64(max(levelHeight, 0)))
        if let grid {
            writer.writeUInt8(1)
            writer.writeUInt16(UInt16(grid.width))
            writer.writeUInt16(UInt16(grid.height))
            writer.writeBytes(grid.tiles)
        } else {
            writer.writeUInt8(0)
        }
    }

    static func decode(_ reader: inout ByteReader) throws -> Welcome {
        let version = try reader.readUInt8()
        guard version == ProtocolVersion.current else {
            throw ProtocolError(.unsupportedVersion, "welcome: protocol version \(version) (this client speaks \(ProtocolVersion.current))")
        }
        let playerID = try reader.readUInt16()
        let token = Array(try reader.readBytes(count: ProtocolVersion.sessionTokenBytes))
        let text = ProtocolVersion.maxTextBytes
        let roomID = try reader.readString(maxBytes: text)
        let game = try reader.readString(maxBytes: text)
        let gameVersion = try reader.readString(maxBytes: text)
        let level = try reader.readString(maxBytes: text)
        let levelTitle = try reader.readString(maxBytes: text)
        let tickRate = try reader.readUInt16()
        let snapshotRate = try reader.readUInt16()
        let schema = try EntitySchema.decode(&reader)
        let layout = try InputLayout.decode(&reader)
        let levelWidth = try reader.readVarUInt32()
        let levelHeight = try reader.readVarUInt32()
        guard levelWidth <= UInt32(Int32.max), levelHeight <= UInt32(Int32.max) else {
            throw ProtocolError(.valueOutOfRange, "welcome: level size \(levelWidth)x\(levelHeight)")
        }
        var grid: TileGrid?
        switch try reader.readUInt8() {
        case 0:
            break
        case 1:
            let width = Int(try reader.readUInt16())
            let height = Int(try reader.readUInt16())
            guard width > 0, height > 0, width * height <= TileGrid.maxTiles else {
                throw ProtocolError(.valueOutOfRange, "welcome: grid size \(width)x\(height)")
            }
            grid = TileGrid(width: width, height: height, tiles: Array(try reader.readBytes(count: width * height)))
        case let flag:
            throw ProtocolError(.valueOutOfRange, "welcome: grid flag \(flag) is not 0 or 1")
        }
        return Welcome(version: version, playerID: playerID, sessionToken: token, roomID: roomID, game: game,
                       gameVersion: gameVersion, level: level, levelTitle: levelTitle, tickRate: tickRate,
                       snapshotRate: snapshotRate, schema: schema, inputLayout: layout,
                       levelWidth: Int32(levelWidth), levelHeight: Int32(levelHeight), grid: grid)
    }
}
