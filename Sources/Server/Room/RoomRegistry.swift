import EventLoop
import Wire

/// Every room on a loop: finding a seat, creating and disposing rooms.
final class RoomRegistry {
    let catalog: GameCatalog
    let configuration: ServerConfiguration
    let loop: EventLoop
    weak var server: GameServer?
    private(set) var rooms: [Room] = []
    let clock: RoomClock
    private var createdCount = 0
    private var seedSource: UInt64

    init(catalog: GameCatalog, configuration: ServerConfiguration, loop: EventLoop) {
        self.catalog = catalog
        self.configuration = configuration
        self.loop = loop
        clock = RoomClock(loop: loop, tickRate: configuration.tickRate)
        var generator = SystemRandomNumberGenerator()
        seedSource = configuration.seed ?? generator.next()
    }

    func room(id: String) -> Room? { rooms.first { $0.id == id } }

    /// The room a `join` should go to, creating one when needed.
    func roomForJoin(_ target: JoinTarget) -> Result<Room, ProtocolError> {
        switch target {
        case .any:
            if let room = rooms.filter({ !$0.isFull }).max(by: { $0.playerCount < $1.playerCount }) {
                return .success(room)
            }
            return create(map: catalog.defaultMap, id: nil)
        case .room(let id):
            guard RoomID.isValid(id) else {
                return .failure(ProtocolError(.valueOutOfRange, "room id must be 1-32 characters of A-Z a-z 0-9 _ -"))
            }
            if let room = room(id: id) {
                return room.isFull ? .failure(ProtocolError(.roomFull, "room \(id) is full (\(room.settings.capacity) players)")) : .success(room)
            }
            return create(map: catalog.defaultMap, id: id)
        case .map(let name):
            guard let map = catalog.map(named: name) else {
                let known = catalog.maps.map(\.key).joined(separator: ", ")
                return .failure(ProtocolError(.unknownMap, "no map named \(name) (maps: \(known))"))
            }
            if let room = rooms.filter({ $0.map.key == map.key && !$0.isFull }).max(by: { $0.playerCount < $1.playerCount }) {
                return .success(room)
            }
            return create(map: map, id: nil)
        }
    }

    private func create(map: GameMap, id: String?) -> Result<Room, ProtocolError> {
        guard rooms.count < configuration.maxRooms else {
            server?.counters.breach(.rooms)
            return .failure(ProtocolError(.tooManyRooms, "the server runs its maximum of \(configuration.maxRooms) rooms"))
        }
        createdCount += 1
        let roomID = id ?? "\(map.key)-\(createdCount)"
        let settings = RoomSettings(
            tickRate: configuration.tickRate, snapshotRate: configuration.snapshotRate,
            capacity: min(map.capacity, configuration.maxPlayersPerRoom),
            sendSoftLimit: configuration.sendSoftLimitBytes, sendHardLimit: configuration.sendHardLimitBytes,
            sendStallTimeout: configuration.sendStallTimeoutMilliseconds)
        seedSource = seedSource &* 6364136223846793005 &+ 1442695040888963407
        let room = Room(id: roomID, map: map, settings: settings, seed: seedSource, loop: loop, registry: self)
        rooms.append(room)
        server?.counters.roomsCreated += 1
        server?.log("room \(roomID) created on map \(map.key)")
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
            room.close(reason: .roomClosed, message: "room closed")
            server?.counters.roomsDisposed += 1
            server?.log("room \(room.id) disposed (empty)")
            return true
        }
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

    func closeAll(reason: ErrorCode, message: String) {
        for room in rooms { room.close(reason: reason, message: message) }
        rooms.removeAll()
    }
}

enum RoomID {
    static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return (1...32).contains(bytes.count) && bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}

/// Compares secrets without an early exit, so timing tells nothing about where they differ.
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}
