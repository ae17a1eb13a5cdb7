import Foundation
import GameCore
import Replay
import EventLoop
import Wire

/// Every room on a loop: finding a seat, creating and disposing rooms.
final class RoomRegistry {
    /// The games rooms can play; the first is the default.
    let games: [GameDefinition]
    let configuration: ServerConfiguration
    let loop: EventLoop
    /// Unowned, not weak: a weak reference gives the server a side table, which makes every
    /// retain of it slow, and rooms reach it on every tick. The server outlives its registry.
    unowned var server: GameServer?
    private(set) var rooms: [Room] = []
    let clock: RoomClock
    private var createdCount = 0
    private var seedSource: UInt64

    init(games: [GameDefinition], configuration: ServerConfiguration, loop: EventLoop) {
        self.games = games
        self.configuration = configuration
        self.loop = loop
        clock = RoomClock(loop: loop, tickRate: configuration.tickRate)
        var generator = SystemRandomNumberGenerator()
        seedSource = configuration.seed ?? generator.next()
    }

    func room(id: String) -> Room? { rooms.first { $0.id == id } }

    /// The rooms players can see and join (not replays).
    var liveRooms: [Room] { rooms.filter { !$0.isReplay } }

    /// Rooms someone is in (replays too): what a cluster node tells the directory it runs,
    /// since an empty room makes way for a new one at `max-rooms`.
    var occupiedRoomCount: Int { rooms.count { $0.occupancy.emptySince == nil } }

    /// Replay rooms at once: each holds a whole recording in memory, re-simulated.
    static let maxReplayRooms = 4

    var canOpenReplay: Bool { rooms.filter(\.isReplay).count < Self.maxReplayRooms }

    /// A room playing `file` (spectators only), named `replay:ID`.
    func openReplay(id replayID: String, file: ReplayFile, game: GameDefinition, level: GameLevel) -> Room {
        let roomID = "replay:" + replayID
        if let open = room(id: roomID) { return open }
        let settings = RoomSettings(
            tickRate: configuration.tickRate, snapshotRate: configuration.snapshotRate, capacity: 0,
            sendSoftLimit: configuration.sendSoftLimitBytes, sendHardLimit: configuration.sendHardLimitBytes,
            sendStallTimeout: configuration.sendStallTimeoutMilliseconds)
        let room = Room(id: roomID, game: game, level: level, settings: settings, seed: file.header.seed, loop: loop, registry: self)
        room.replay = ReplayPlayback(replayID: replayID, player: ReplayPlayer(file: file, simulation: room.simulation))
        rooms.append(room)
        server?.log("replay \(replayID) opened")
        return room
    }

    var defaultGame: GameDefinition { games[0] }

    /// The room a `join` should go to, creating one when needed.
    func roomForJoin(_ target: JoinTarget) -> Result<Room, ProtocolError> {
        switch target {
        case .any:
            let game = defaultGame
            if let room = fullestOpenRoom(where: { $0.game.name == game.name }) { return .success(room) }
            return create(game: game, level: game.defaultLevel, id: nil)
        case .room(let id):
            guard RoomID.isValid(id) else {
                return .failure(ProtocolError(.valueOutOfRange, "room id must be 1-32 characters of A-Z a-z 0-9 _ -"))
            }
            if let room = room(id: id) {
                return room.isFull ? .failure(ProtocolError(.roomFull, "room \(id) is full (\(room.settings.capacity) players)")) : .success(room)
            }
            return create(game: defaultGame, level: defaultGame.defaultLevel, id: id)
        case .level:
            let game: GameDefinition, level: GameLevel
            switch gameAndLevel(for: target) {
            case .failure(let error): return .failure(error)
            case .success(let found): (game, level) = found
            }
            if let room = fullestOpenRoom(where: { $0.game.name == game.name && $0.level.key == level.key }) {
                return .success(room)
            }
            return create(game: game, level: level, id: nil)
        case .reservation:
            return .failure(ProtocolError(.reservationInvalid, "this server is not part of a cluster"))
        }
    }

    /// The game and level a `.level` target names, or why there is none.
    func gameAndLevel(for target: JoinTarget) -> Result<(GameDefinition, GameLevel), ProtocolError> {
        guard case .level(let gameName, let levelName) = target else { return .success((defaultGame, defaultGame.defaultLevel)) }
        guard let game = gameName.isEmpty ? defaultGame : games.first(where: { $0.name == gameName.lowercased() }) else {
            let known = games.map(\.name).joined(separator: ", ")
            return .failure(ProtocolError(.unknownMap, "no game named \(gameName) (games: \(known))"))
        }
        guard let level = levelName.isEmpty ? game.defaultLevel : game.level(named: levelName) else {
            let known = game.levels.map(\.key).joined(separator: ", ")
            return .failure(ProtocolError(.unknownMap, "\(game.name) has no level named \(levelName) (levels: \(known))"))
        }
        return .success((game, level))
    }

    /// Of the rooms with a free seat that match, the one with the most players.
    private func fullestOpenRoom(where matches: (Room) -> Bool) -> Room? {
        rooms.filter { !$0.isFull && matches($0) }.max { $0.playerCount < $1.playerCount }
    }

    /// The room the directory placed a player in on this node, created when this node does
    /// not run it yet (another node may have opened it here for the player).
    func placed(id: String, game gameName: String, level levelKey: String) -> Result<Room, ProtocolError> {
        if let room = room(id: id) { return .success(room) }
        guard let game = games.first(where: { $0.name == gameName }), let level = game.level(named: levelKey) else {
            return .failure(ProtocolError(.unknownMap, "this node has no \(gameName) level \(levelKey); every node must serve the same games"))
        }
        return create(game: game, level: level, id: id)
    }

    /// Seats in a new room of `level`, as this server's configuration caps them.
    func capacity(of level: GameLevel) -> Int { min(level.capacity, configuration.maxPlayersPerRoom) }

    /// An id for a new room that no other node will pick: the level and 8 random characters.
    static func clusterRoomID(level: GameLevel) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String(level.key.prefix(23)) + "-" + String((0..<8).map { _ in alphabet.randomElement(using: &generator)! })
    }

    private func create(game: GameDefinition, level: GameLevel, id: String?) -> Result<Room, ProtocolError> {
        while rooms.count >= configuration.maxRooms, disposeLongestEmptyRoom() {}
        guard rooms.count < configuration.maxRooms else {
            server?.counters.breach(.rooms)
            return .failure(ProtocolError(.tooManyRooms, "the server runs its maximum of \(configuration.maxRooms) rooms"))
        }
        createdCount += 1
        let roomID = id ?? "\(level.key)-\(createdCount)"
        let settings = RoomSettings(
            tickRate: configuration.tickRate, snapshotRate: configuration.snapshotRate,
            capacity: capacity(of: level),
            sendSoftLimit: configuration.sendSoftLimitBytes, sendHardLimit: configuration.sendHardLimitBytes,
            sendStallTimeout: configuration.sendStallTimeoutMilliseconds)
        seedSource = seedSource &* 6364136223846793005 &+ 1442695040888963407
        let room = Room(id: roomID, game: game, level: level, settings: settings, seed: seedSource, loop: loop, registry: self)
        if let library = server?.replays {
            let header = ReplayHeader(game: game.name, gameVersion: game.version, level: level.key, levelChecksum: level.checksum,
                                      seed: seedSource, tickRate: configuration.tickRate,
                                      startedAtMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000), roomID: roomID)
            room.recorder = RoomRecorder(header: header, layout: game.inputLayout, simulation: room.simulation, library: library,
                                         loop: loop) { [weak server] in server?.log($0) }
        }
        rooms.append(room)
        server?.counters.roomsCreated += 1
        server?.log("room \(roomID) created: \(game.name) on \(level.key)")
        server?.directory?.publish(room)
        return .success(room)
    }

    /// Frees seats whose reconnect grace ran out and disposes rooms empty for too long.
    func sweep(now: UInt64) {
        for room in rooms {
            room.sweep(now: now)
            for seat in room.seats where seat.presence.sweep(now: now) == .unseat {
                server?.counters.dropsGraceExpired += 1
                room.unseat(seat)
            }
        }
        rooms.removeAll { room in
            guard room.occupancy.sweep(now: now) == .dispose else { return false }
            dispose(room, because: "empty")
            return true
        }
    }

    /// At `max-rooms`, the room empty the longest (no seats, no spectators) makes way for a
    /// new one before its timeout: otherwise a client could hold every place by creating
    /// rooms and leaving them. False when every room has someone in it. In a cluster, a room
    /// emptied within a reservation's life stays: the directory may have just sent a player
    /// from another node to it.
    private func disposeLongestEmptyRoom() -> Bool {
        let now = loop.nowMilliseconds
        let settle = server?.directory == nil ? 0 : Directory.reservationMilliseconds
        let empty = rooms.indices.compactMap { index in
            rooms[index].occupancy.emptySince.flatMap { since in now &- since >= settle ? (index, since) : nil }
        }
        guard let (index, _) = empty.min(by: { $0.1 < $1.1 }) else { return false }
        dispose(rooms.remove(at: index), because: "empty, its place taken at max-rooms")
        return true
    }

    private func dispose(_ room: Room, because reason: String) {
        room.close(reason: .roomClosed, message: "room closed")
        server?.counters.roomsDisposed += 1
        server?.log("room \(room.id) disposed (\(reason))")
    }

    /// A disconnected seat holding this token, if any.
    func seat(forToken token: [UInt8]) -> (Room, PlayerSeat)? {
        for room in rooms {
            for seat in room.seats where !seat.presence.isConnected && constantTimeEqual(seat.token, token) {
                return (room, seat)
            }
        }
        return nil
    }

    /// The seat of a verified identity, connected or awaiting a resume, if any.
    func seat(forIdentity identity: String) -> (Room, PlayerSeat)? {
        guard !identity.isEmpty else { return nil }
        for room in rooms {
            for seat in room.seats where seat.identity == identity { return (room, seat) }
        }
        return nil
    }

    func closeAll(reason: ErrorCode, message: String) {
        for room in rooms { room.close(reason: reason, message: message) }
        rooms.removeAll()
    }
}

enum RoomID {
    static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return (1...32).contains(bytes.count) && bytes.allSatisfy(isIDByte)
    }

    /// A-Z a-z 0-9 _ -
    static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}

/// Compares secrets without an early exit, so timing tells nothing about where they differ.
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}
