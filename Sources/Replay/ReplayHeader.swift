import Wire

/// What a replay was recorded from: enough to rebuild the room's world and to refuse a file
/// that this server's game could not replay exactly.
public struct ReplayHeader: Sendable, Equatable {
    /// The game's name and version (`GameDefinition`).
    public var game: String
    public var gameVersion: String
    /// The level's key and `GameLevel.checksum` when recorded.
    public var level: String
    public var levelChecksum: UInt64
    /// The room's RNG seed and tick rate.
    public var seed: UInt64
    public var tickRate: Int
    /// Wall-clock start, milliseconds since 1970.
    public var startedAtMilliseconds: UInt64
    /// The room's id.
    public var roomID: String

    public init(game: String, gameVersion: String, level: String, levelChecksum: UInt64, seed: UInt64, tickRate: Int,
                startedAtMilliseconds: UInt64, roomID: String) {
        self.game = game
        self.gameVersion = gameVersion
        self.level = level
        self.levelChecksum = levelChecksum
        self.seed = seed
        self.tickRate = tickRate
        self.startedAtMilliseconds = startedAtMilliseconds
        self.roomID = roomID
    }

    func encode(into writer: inout ByteWriter) {
        writer.writeString(game)
        writer.writeString(gameVersion)
        writer.writeString(level)
        writer.writeVarUInt(levelChecksum)
        writer.writeVarUInt(seed)
        writer.writeVarUInt(UInt64(tickRate))
        writer.writeVarUInt(startedAtMilliseconds)
        writer.writeString(roomID)
    }

    static func decode(_ reader: inout ByteReader) throws(WireError) -> ReplayHeader {
        let game = try reader.readString(maxBytes: 64)
        let gameVersion = try reader.readString(maxBytes: 64)
        let level = try reader.readString(maxBytes: 256)
        let checksum = try reader.readVarUInt()
        let seed = try reader.readVarUInt()
        let tickRate = try reader.readVarUInt32()
        let started = try reader.readVarUInt()
        let roomID = try reader.readString(maxBytes: 64)
        return ReplayHeader(game: game, gameVersion: gameVersion, level: level, levelChecksum: checksum, seed: seed,
                            tickRate: Int(tickRate), startedAtMilliseconds: started, roomID: roomID)
    }
}

/// How a room's recording ended.
public struct ReplayTrailer: Sendable, Equatable {
    /// The last tick played, and the state hash after it.
    public var tick: UInt32
    public var stateHash: UInt64
    /// Why it ended ("room closed", "server shutting down", "size cap reached").
    public var reason: String

    public init(tick: UInt32, stateHash: UInt64, reason: String) {
        self.tick = tick
        self.stateHash = stateHash
        self.reason = reason
    }
}
