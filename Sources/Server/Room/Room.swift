import EventLoop
import GameCore
import Replication
import Wire

/// One game in progress: a simulation ticking at a fixed rate on the loop, its players
/// and spectators, and the snapshot ring their deltas are made against. Everything here
/// runs on the loop thread.
final class Room {
    let id: String
    let game: GameDefinition
    let level: GameLevel
    let settings: RoomSettings
    let loop: EventLoop
    unowned let registry: RoomRegistry

    var simulation: any Simulation
    var seats: [PlayerSeat] = []
    var spectators: [Session] = []
    var ring = SnapshotRing()
    var cache: SnapshotCache
    var inputs = TickInputs()
    var stats = TickStats()
    var snapshotAccumulator = 0
    /// Bytes sent to this room's clients, and the rate over the last sweep interval.
    var bytesSent = 0
    private var bytesSampled = 0
    private var sampledAt: UInt64 = 0
    private(set) var bytesPerSecond = 0
    /// The roster players last got, and when (for refreshing their pings).
    private var rosterSentToPlayers: [RosterEntry] = []
    private var rosterSentToPlayersAt: UInt64 = 0
    /// Empty since when, for disposal.
    var occupancy: RoomOccupancy
    var closed = false
    /// Writes this room's replay file (with `--record`).
    var recorder: RoomRecorder?
    /// Set for a room that plays a recording (`Room+Replay`).
    var replay: ReplayPlayback?

    init(id: String, game: GameDefinition, level: GameLevel, settings: RoomSettings, seed: UInt64, loop: EventLoop,
         registry: RoomRegistry) {
        self.id = id
        self.game = game
        self.level = level
        self.settings = settings
        self.loop = loop
        self.registry = registry
        simulation = level.makeSimulation(seed)
        let schema = type(of: simulation).schema
        cache = SnapshotCache(schema: schema)
        // Slots sized to the game's widest entity kind: 32 states per room stay small.
        ring = SnapshotRing(fieldsPerEntity: schema.maxFieldCount)
        occupancy = RoomOccupancy(emptyTimeoutMilliseconds: registry.configuration.emptyRoomTimeoutMilliseconds,
                                  now: loop.nowMilliseconds)
    }

    var playerCount: Int { replay?.player.roster.count ?? seats.count }
    var isFull: Bool { seats.count >= settings.capacity }
    /// The simulation's tick, kept here after each step: reading it through the existential
    /// copies the whole world (per input, for the ack check), so it is read once per tick.
    var tick: UInt32 = 0

    var info: RoomInfo {
        RoomInfo(id: id, game: game.name, level: level.key, players: UInt16(clamping: playerCount), capacity: UInt16(settings.capacity),
                 tick: simulation.tick, tickRate: UInt16(settings.tickRate), tickP99Micros: stats.recent().p99,
                 lateTicks: UInt32(clamping: stats.lateTicks), bytesPerSecond: UInt32(clamping: bytesPerSecond))
    }

    // MARK: Seats

    /// Seats a new player; nil when the room or the game has no place. The caller welcomes
    /// it, then broadcasts the roster (so the newcomer hears `welcome` first).
    func seat(name: String, identity: String = "", session: Session) -> PlayerSeat? {
        guard !closed, !isFull, let id = freePlayerID() else { return nil }
        guard simulation.addPlayer(id, name: name) else { return nil }
        recorder?.joined(id, name: name)
        let seat = PlayerSeat(id: id, name: name, identity: identity, token: SessionToken.make(), session: session,
                              graceMilliseconds: registry.configuration.reconnectGraceMilliseconds)
        seats.append(seat)
        occupantsChanged()
        startTicking()
        registry.server?.directory?.seatOpened(seat)
        registry.server?.directory?.publish(self)
        return seat
    }

    /// The lowest id of the game's player range that no seat holds.
    private func freePlayerID() -> PlayerID? {
        game.playerIDs.first { id in !seats.contains { $0.id == id } }
    }

    /// Removes a player for good (left, idle, kicked, grace expired).
    func unseat(_ seat: PlayerSeat) {
        guard let index = seats.firstIndex(where: { $0 === seat }) else { return }
        seats.remove(at: index)
        simulation.removePlayer(seat.id)
        recorder?.left(seat.id)
        seat.session = nil
        registry.server?.counters.playersLeft += 1
        occupantsChanged()
        broadcastRoster()
        registry.server?.directory?.seatClosed(seat)
        registry.server?.directory?.seatReleased(in: id)
        registry.server?.directory?.publish(self)
    }

    /// The connection is going: the player leaves the live set at once (no more snapshots,
    /// stands still). A lost connection keeps the seat for the grace period.
    func disconnect(_ seat: PlayerSeat, lost: Bool) {
        seat.session = nil
        seat.lastInput = nil
        seat.inputs.removeAll()
        seat.ackTick = nil
        if seat.presence.disconnected(lost: lost, now: loop.nowMilliseconds) == .unseat { unseat(seat) }
    }

    /// A resumed connection takes its seat back.
    func resume(_ seat: PlayerSeat, session: Session) {
        seat.session = session
        seat.presence.resumed()
        seat.ackTick = nil  // the new connection has no baseline: next snapshot is full
    }

    func addSpectator(_ session: Session) {
        spectators.append(session)
        occupantsChanged()
        startTicking()
    }

    func removeSpectator(_ session: Session) {
        spectators.removeAll { $0 === session }
        occupantsChanged()
    }

    private func occupantsChanged() {
        occupancy.occupantsChanged(to: seats.count + spectators.count, now: loop.nowMilliseconds)
    }

    var roster: [RosterEntry] {
        if let replay {
            return replay.player.roster.sorted { $0.key < $1.key }.map { RosterEntry(id: $0.key, name: $0.value) }
        }
        return seats.map { RosterEntry(id: $0.id, name: $0.name, pingMilliseconds: $0.session?.rttMilliseconds, identity: $0.identity) }
    }

    func broadcastRoster() {
        let current = roster
        rosterSentToPlayers = current
        rosterSentToPlayersAt = loop.nowMilliseconds
        let message = ServerMessage.roster(current).encoded()
        var recipients = spectators.count
        for seat in seats {
            guard let session = seat.session else { continue }
            session.send(message)
            recipients += 1
        }
        for spectator in spectators { spectator.send(message) }
        bytesSent += message.count * recipients
    }

    /// Once per sweep: the outbound rate, and fresh pings for scoreboards: spectators get
    /// the roster every sweep, players when a ping changed, at most once a heartbeat interval
    /// (pings change only that often).
    func sweep(now: UInt64) {
        if sampledAt != 0, now > sampledAt {
            bytesPerSecond = (bytesSent - bytesSampled) * 1000 / Int(now - sampledAt)
        }
        bytesSampled = bytesSent
        sampledAt = now
        if isReplay { broadcastReplayStatus() }
        let current = roster
        if current != rosterSentToPlayers, now >= rosterSentToPlayersAt + registry.configuration.heartbeatIntervalMilliseconds {
            broadcastRoster()
            return
        }
        guard !spectators.isEmpty else { return }
        let message = ServerMessage.roster(current).encoded()
        for spectator in spectators { spectator.send(message) }
        bytesSent += message.count * spectators.count
    }

    /// Ends the room: players and spectators are told why and return to the lobby.
    func close(reason: ErrorCode, message: String) {
        guard !closed else { return }
        closed = true
        registry.server?.directory?.roomRemoved(self)
        registry.clock.remove(self)
        recorder?.finish(simulation: simulation, reason: message)
        for seat in seats { seat.session?.roomClosed(code: reason, message: message) }
        for spectator in spectators { spectator.roomClosed(code: reason, message: message) }
        seats.removeAll()
        spectators.removeAll()
    }
}

/// Session tokens: 16 random bytes from the system's generator (unguessable, unlike ids).
enum SessionToken {
    static func make() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
