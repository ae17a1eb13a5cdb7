import Crypto
import EventLoop
import Foundation
import Wire

/// This node's view of the cluster's directory in Redis: it registers the node and its
/// rooms under leases, places joins with the atomic scripts, and keeps a copy of every
/// node's rooms for room lists. It runs on the node's loop, over one hiredis connection.
/// While Redis is unreachable the node serves its own rooms; what needs the directory is
/// refused with `directoryUnavailable` until the link is back and everything re-registered.
final class Directory {
    let settings: ClusterSettings
    unowned let server: GameServer
    private var link = DirectoryLink()
    private var connection: RedisConnection?
    private let timer: LoopTimer
    /// Until then (a lease after a reconnect), a join by id does not create a missing room:
    /// its node may not have registered again yet after Redis lost its data.
    private var createsAllowedAt: UInt64 = 0
    /// Rooms whose id a live node held when this node registered them (logged once each).
    private var conflicts: Set<String> = []
    /// When a command went out with nothing pending, or the last reply came.
    private var lastProgressAt: UInt64 = 0
    private var lastRefreshAt: UInt64 = 0
    private var cpu = CPUSampler()
    /// Every other node's rooms, as of the last refresh.
    private(set) var remoteRooms: [ListedRoom] = []

    /// A node's lease, and a room's, last this long without a refresh.
    static let leaseMilliseconds: UInt64 = 3_000
    static let refreshMilliseconds: UInt64 = 1_000
    /// A seat held for a redirected client.
    static let reservationMilliseconds: UInt64 = 5_000
    /// A room created for another node lives this long unless that node takes it up.
    static let newRoomMilliseconds: UInt64 = 6_000
    /// A command unanswered this long means Redis is gone: the link is dropped and remade.
    static let replyDeadlineMilliseconds: UInt64 = 1_000
    /// A connect that has not completed by then is given up. hiredis' libuv adapter ignores
    /// poll errors, so a refused connect shows only as this deadline.
    static let connectDeadlineMilliseconds: UInt64 = 500

    struct ListedRoom {
        var info: RoomInfo
        var url: String
    }

    init(settings: ClusterSettings, server: GameServer) {
        self.settings = settings
        self.server = server
        timer = LoopTimer(loop: server.loop)
        timer.start(delay: 0, repeat: 100) { [unowned self] in self.poll() }
    }

    deinit { timer.close() }

    var isAvailable: Bool { connection?.isConnected == true && link.isUp }
    private var prefix: String { settings.keyPrefix }
    private var now: UInt64 { server.loop.nowMilliseconds }

    // MARK: The link

    private func poll() {
        switch link.poll(now: now) {
        case .connect:
            connect()
        case .none:
            break
        }
        guard let connection, connection.isConnected else { return }
        if connection.pendingReplies > 0, now - lastProgressAt > Self.replyDeadlineMilliseconds {
            server.logger.warning("Redis gave no reply for \(Self.replyDeadlineMilliseconds) ms: reconnecting")
            connection.abort()
            return
        }
        if now - lastRefreshAt >= Self.refreshMilliseconds { refresh() }
    }

    private func connect() {
        server.counters.directoryOperations["connect", default: 0] += 1
        RedisConnection.connect(loop: server.loop, host: settings.redisHost, port: settings.redisPort,
                                timeoutMilliseconds: Self.connectDeadlineMilliseconds) { [weak self] made in
            guard let self, !link.isClosed else {
                if case .success(let connection) = made { connection.close() }  // arrived after the directory closed
                return
            }
            switch made {
            case .failure(let error):
                server.counters.redisErrors += 1
                let delay = link.failed(now: now)
                server.logger.warning("directory: \(error); retrying in \(delay) ms")
            case .success(let connection):
                self.connection = connection
                connection.onDisconnect = { [weak self] error in self?.lost(error) }
                if settings.redisDatabase != 0 { command(["SELECT", String(settings.redisDatabase)], op: "select") { _ in } }
                let again = link.connected()
                if again { createsAllowedAt = now + Self.leaseMilliseconds }
                refresh()
                // Logged and counted once Redis answers: a bare connect may be to a frozen
                // Redis, or to something else on that port.
                command(["PING"], op: "ping") { [weak self] reply in
                    guard let self, reply == .status("PONG") else { return }
                    link.answered()
                    if again { server.counters.redisReconnects += 1 }
                    server.logger.notice("directory: \(again ? "reconnected to" : "connected to") Redis at \(settings.redisHost):\(settings.redisPort); registered node \(settings.nodeID) and its \(server.registry.liveRooms.count) rooms")
                }
            }
        }
    }

    private func lost(_ error: RedisError?) {
        connection = nil
        remoteRooms = []  // unknown until the directory is back: lists show this node's rooms only
        guard !link.isClosed else { return }  // closed on purpose (shutdown)
        server.counters.redisErrors += 1
        let delay = link.failed(now: now)
        server.logger.warning("directory: \(error ?? .connectionLost); this node serves its own rooms meanwhile, retrying in \(delay) ms")
    }

    /// Sends one command; `reply` gets the reply, or nil when it failed (logged, counted).
    private func command(_ arguments: [String], op: String, reply: @escaping (RedisReply?) -> Void) {
        send(arguments, op: op) { [weak self] answer in
            if case .error(let message)? = answer {
                self?.failed(op, message)
                reply(nil)
            } else {
                reply(answer)
            }
        }
    }

    private func failed(_ op: String, _ message: String) {
        server.counters.redisErrors += 1
        server.logger.error("directory: \(op): Redis answered \(message)")
    }

    /// Sends one command; `reply` gets the reply (error replies included), or nil when the
    /// link failed.
    private func send(_ arguments: [String], op: String, reply: @escaping (RedisReply?) -> Void) {
        guard let connection, connection.isConnected else { reply(nil); return }
        server.counters.directoryOperations[op, default: 0] += 1
        if connection.pendingReplies == 0 { lastProgressAt = now }
        connection.send(arguments) { [weak self] result in
            guard let self else { return }
            lastProgressAt = now
            switch result {
            case .success(let value): reply(value)
            case .failure: reply(nil)
            }
        }
    }

    /// Runs a script by its SHA-1 (EVALSHA), sending its body (EVAL) only when Redis does
    /// not have it yet: after a start or a restart.
    private func script(_ script: DirectoryScript, op: String, _ arguments: [String], reply: @escaping (RedisReply?) -> Void) {
        let rest = ["0", prefix] + arguments
        send(["EVALSHA", script.sha1] + rest, op: op) { [weak self] answer in
            guard let self else { return }
            switch answer {
            case .error(let message)? where message.hasPrefix("NOSCRIPT"):
                command(["EVAL", script.source] + rest, op: op, reply: reply)
            case .error(let message)?:
                failed(op, message)
                reply(nil)
            default:
                reply(answer)
            }
        }
    }

    // MARK: Registration

    /// Writes the node's lease and every room of this node; reads every room of the cluster.
    private func refresh() {
        lastRefreshAt = now
        let rooms = server.registry.liveRooms
        let lease = String(Self.leaseMilliseconds)
        let nodeKey = prefix + "node:" + settings.nodeID
        // The directory opens rooms on nodes under max-rooms: empty rooms make way there.
        command(["HSET", nodeKey, "url", settings.publicURL, "players", String(server.playerCount), "rooms", String(server.registry.occupiedRoomCount),
                 "maxRooms", String(server.configuration.maxRooms), "cpu", String(cpu.percent(now: now))], op: "lease") { _ in }
        command(["PEXPIRE", nodeKey, lease], op: "lease") { _ in }
        command(["SADD", prefix + "nodes", settings.nodeID], op: "lease") { _ in }
        let fresh = link.needsSessions
        for room in rooms { publish(room, countingSeats: fresh) }
        let sessions = prefix + "sessions:" + settings.nodeID
        if fresh {
            // After a reconnect Redis may have lost everything: the seats are told again.
            let hashes = rooms.flatMap { $0.seats.map { Self.hash($0.token) } }
            command(["DEL", sessions], op: "sessions") { _ in }
            if !hashes.isEmpty { command(["SADD", sessions] + hashes, op: "sessions") { _ in } }
            link.sessionsRegistered()
        }
        command(["PEXPIRE", sessions, lease], op: "lease") { _ in }
        script(DirectoryScripts.listRooms, op: "list", []) { [weak self] reply in
            guard let self, let reply else { return }
            remoteRooms = reply.elements.compactMap(Self.listedRoom).filter { $0.info.node != settings.nodeID }
        }
    }

    private static func listedRoom(_ reply: RedisReply) -> ListedRoom? {
        let fields = reply.elements
        guard fields.count == 12, let id = fields[0].string, let node = fields[1].string else { return nil }
        func number(_ index: Int) -> Int64 { fields[index].integer ?? 0 }
        let info = RoomInfo(id: id, game: fields[2].string ?? "", level: fields[3].string ?? "",
                            players: UInt16(clamping: number(4)), capacity: UInt16(clamping: number(5)),
                            tick: UInt32(clamping: number(6)), tickRate: UInt16(clamping: number(7)),
                            tickP99Micros: UInt32(clamping: number(8)), lateTicks: UInt32(clamping: number(9)),
                            bytesPerSecond: UInt32(clamping: number(10)), node: node)
        return ListedRoom(info: info, url: fields[11].string ?? "")
    }

    /// Writes a room of this node (on every change, and with each refresh). Its `players`
    /// are written whole only on a fresh link (`countingSeats`) or when Redis has none: the
    /// scripts count seats up as they give them and `seatReleased` counts them down, so a
    /// write racing a placement can never undercount.
    func publish(_ room: Room, countingSeats: Bool = false) {
        guard isAvailable, !room.isReplay else { return }
        let info = room.info
        let fields = ["game", info.game, "level", info.level, "url", settings.publicURL,
                      "capacity", String(info.capacity), "joinable", room.isFull || room.closed ? "0" : "1",
                      "tick", String(info.tick), "tickRate", String(info.tickRate), "tickP99Micros", String(info.tickP99Micros),
                      "lateTicks", String(info.lateTicks), "bytesPerSecond", String(info.bytesPerSecond)]
        script(DirectoryScripts.publishRoom, op: "room", [settings.nodeID, room.id, String(Self.leaseMilliseconds),
                                                          String(room.seats.count), countingSeats ? "set" : "missing"] + fields) { [weak self] reply in
            guard let self, reply == .integer(0), conflicts.insert(room.id).inserted else { return }
            server.logger.error("directory: another live node holds room id \(room.id); this node's room \(room.id) plays on but is not listed (the ids met after a lease lapse or a Redis restart)")
        }
    }

    /// A seat of this node's room was freed, or one the directory counted was not taken.
    func seatReleased(in roomID: String) {
        script(DirectoryScripts.releaseSeat, op: "room", [settings.nodeID, roomID]) { _ in }
    }

    func roomRemoved(_ room: Room) {
        guard !room.isReplay, !conflicts.contains(room.id) else { return }
        command(["DEL", prefix + "room:" + room.id, prefix + "held:" + room.id], op: "room") { _ in }
        command(["SREM", prefix + "rooms", room.id], op: "room") { _ in }
    }

    func seatOpened(_ seat: PlayerSeat) {
        command(["SADD", prefix + "sessions:" + settings.nodeID, Self.hash(seat.token)], op: "sessions") { _ in }
    }

    func seatClosed(_ seat: PlayerSeat) {
        command(["SREM", prefix + "sessions:" + settings.nodeID, Self.hash(seat.token)], op: "sessions") { _ in }
    }

    /// The directory keeps session tokens hashed: it can route a resume, not forge one.
    static func hash(_ token: [UInt8]) -> String {
        hex(SHA256.hash(data: token))
    }

    /// Removes this node and its rooms at once (SIGTERM), then calls `done`.
    func leave(_ done: @escaping () -> Void) {
        guard isAvailable else { close(); done(); return }
        isLeaving = true
        for room in server.registry.liveRooms { roomRemoved(room) }
        command(["DEL", prefix + "node:" + settings.nodeID, prefix + "sessions:" + settings.nodeID], op: "leave") { _ in }
        command(["SREM", prefix + "nodes", settings.nodeID], op: "leave") { [weak self] _ in
            self?.isLeaving = false
            self?.close()
            done()
        }
    }

    func close() {
        timer.close()
        link.close()
        connection?.close()
    }

    /// Whether `leave` still waits for Redis' answers.
    private(set) var isLeaving = false

    // MARK: Placing players

    /// Takes a seat for a join, through the directory's atomic scripts.
    func place(_ request: PlacementRequest, completion: @escaping (Result<Placement, ProtocolError>) -> Void) {
        guard isAvailable else { completion(.failure(Self.unavailable)); return }
        let token = SessionToken.make()
        let common = [settings.nodeID, Self.hex(token), String(Self.reservationMilliseconds), String(Self.newRoomMilliseconds)]
        let source: DirectoryScript, arguments: [String], op: String
        switch request {
        case .level(let game, let level, let newLevel, let capacity, let newID):
            (source, op) = (DirectoryScripts.matchLevel, "match")
            arguments = common + [game, level, newLevel, String(capacity), newID]
        case .room(let id, let game, let level, let capacity):
            (source, op) = (DirectoryScripts.claimRoom, "claim")
            arguments = common + [game, level, String(capacity), id, settings.publicURL, now >= createsAllowedAt ? "1" : "0"]
        }
        script(source, op: op, arguments) { [weak self] reply in
            guard let self else { return }
            guard let reply else { completion(.failure(Self.unavailable)); return }
            let placement = Result<Placement, ProtocolError>(reply: reply, reservation: token)
            if case .success(.elsewhere) = placement { server.counters.redirects += 1 }
            if case .failure(let error) = placement, error.message.hasPrefix(Placement.unexpectedAnswer) {
                server.counters.redisErrors += 1
                server.log("directory: the \(op) script's reply: \(error.message)")
            }
            // A placement's last element counts the reservations it found expired.
            if case .success = placement, case .integer(let expired)? = reply.elements.last {
                server.counters.reservationExpiries += Int(clamping: max(expired, 0))
            }
            completion(placement)
        }
    }

    /// Turns a reservation presented here into the room it holds a seat in.
    func redeem(_ reservation: [UInt8], completion: @escaping (Result<(room: String, game: String, level: String), ProtocolError>) -> Void) {
        guard isAvailable else { completion(.failure(Self.unavailable)); return }
        script(DirectoryScripts.redeem, op: "redeem", [settings.nodeID, Self.hex(reservation)]) { [weak self] reply in
            guard let self else { return }
            guard let reply else { completion(.failure(Self.unavailable)); return }
            let fields = reply.elements.map { $0.string ?? "" }
            if fields.count == 4, fields[0] == "ok" {
                completion(.success((fields[1], fields[2], fields[3])))
            } else {
                server.counters.reservationExpiries += 1
                completion(.failure(ProtocolError(.reservationInvalid, fields.count > 1 ? fields[1] : "the reservation is not valid here")))
            }
        }
    }

    /// The URL of the live node holding the seat of this session token, if any.
    func findSession(_ token: [UInt8], completion: @escaping (Result<String?, ProtocolError>) -> Void) {
        guard isAvailable else { completion(.failure(Self.unavailable)); return }
        script(DirectoryScripts.findSession, op: "find-session", [Self.hash(token)]) { reply in
            guard let reply else { completion(.failure(Self.unavailable)); return }
            let fields = reply.elements.compactMap(\.string)
            completion(.success(fields.count == 2 && fields[0] != self.settings.nodeID ? fields[1] : nil))
        }
    }

    static let unavailable = ProtocolError(.directoryUnavailable, "the cluster's directory is unreachable; try again shortly")

    /// Lowercase hex, as the directory's keys and Redis' script hashes are written.
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

/// What a join asks the directory for.
enum PlacementRequest {
    /// The fullest joinable room of `game` on `level` ("" any level), or a new room on
    /// `newLevel` named `newID` on the least loaded node.
    case level(game: String, level: String, newLevel: String, capacity: Int, newID: String)
    /// The room `id`, created on this node when no node has it.
    case room(id: String, game: String, level: String, capacity: Int)
}

/// Where the directory put a joining player.
enum Placement: Equatable {
    /// In a room of this node (created here if this node does not run it yet).
    case here(room: String, game: String, level: String)
    /// In a room of another node, which holds the seat under `redirect.reservation`.
    case elsewhere(Redirect)

    /// Reads a placement script's reply: {'local'|'remote', room, game, level, url, expired},
    /// {'full', room} or {'none', reason}.
    init(reply: RedisReply, reservation: [UInt8]) throws(ProtocolError) {
        let fields = reply.elements.map { $0.string ?? "" }
        switch fields.first {
        case "local" where fields.count >= 4:
            guard Self.isUsable(roomID: fields[1]) else { throw Self.unexpected("an unusable room id") }
            self = .here(room: fields[1], game: fields[2], level: fields[3])
        case "remote" where fields.count >= 5:
            guard Self.isUsable(roomID: fields[1]) else { throw Self.unexpected("an unusable room id") }
            let url = fields[4].lowercased()
            guard url.hasPrefix("ws://") || url.hasPrefix("wss://") else { throw Self.unexpected("a node URL that is not ws:// or wss://") }
            self = .elsewhere(Redirect(url: fields[4], roomID: fields[1], reservation: reservation))
        case "full" where fields.count >= 2:
            throw ProtocolError(.roomFull, "room \(fields[1]) is full")
        case "wait" where fields.count >= 2:
            throw ProtocolError(.directoryUnavailable, fields[1] + "; try again shortly")
        case "none" where fields.count >= 2:
            throw ProtocolError(.tooManyRooms, "every node runs its maximum of rooms")
        default:
            throw Self.unexpected("something unexpected")
        }
    }

    /// What the directory's own answers start with when they make no sense (a broken or
    /// hostile Redis): the node logs and counts them.
    static let unexpectedAnswer = "the directory answered "

    private static func unexpected(_ what: String) -> ProtocolError {
        ProtocolError(.directoryUnavailable, unexpectedAnswer + what)
    }

    /// A room id a node could have made: the wire carries at most 256 bytes.
    private static func isUsable(roomID: String) -> Bool { !roomID.isEmpty && roomID.utf8.count <= 256 }
}

extension Result where Success == Placement, Failure == ProtocolError {
    init(reply: RedisReply, reservation: [UInt8]) {
        self = Result { () throws(ProtocolError) in try Placement(reply: reply, reservation: reservation) }
    }
}
