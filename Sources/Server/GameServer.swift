import Auth
import GameCore
import EventLoop
import Foundation
import Synchronization
import Logging
import WebSocket
import Wire

/// The game server on one loop: WebSocket transport, sessions, rooms, HTTP endpoints, and
/// the coarse sweep that runs heartbeats, idle checks, reconnect grace and room disposal.
public final class GameServer {
    /// The settings the server was created with.
    public let configuration: ServerConfiguration
    /// The loop everything runs on; use the server only on its thread.
    public let loop: EventLoop
    /// The games this server runs; the first is the default.
    public let games: [GameDefinition]
    let registry: RoomRegistry
    /// What the server has done so far; `/metrics` exports them.
    public internal(set) var counters = ServerCounters()
    /// Where the server logs room lifecycle, drops and shutdown.
    public var logger: Logger
    private(set) var transport: WebSocketServer!
    private(set) var sessions: [ObjectIdentifier: Session] = [:]
    private var connectionsPerAddress: [String: Int] = [:]
    let metrics = ServerMetrics()
    /// The web directory's files on the game port (nil: none configured or not there).
    let webFiles: StaticFiles?
    /// The recordings (with `recordDirectory`).
    let replays: ReplayLibrary?
    /// Checks players' tokens (with `authKeyFile`); nil: names are free.
    let verifier: TokenVerifier?
    /// The cluster's directory (with `redisURL`); nil: a single node.
    private(set) var directory: Directory?
    /// Where every session's messages are decoded from, one at a time on this loop: one
    /// buffer stays in cache, where one per session would be a cold line per message. It
    /// grows to the largest message so far (the WebSocket limit bounds it).
    var messageScratch: [UInt8] = []

    /// A server for `games` (the first is the default) on `loop`, listening at once.
    /// Throws `GameServerError` for games that cannot run together under this
    /// configuration, or when the port cannot be bound.
    /// With `authKeyFile` set and no `verifier`, the key is loaded here, waiting for
    /// jwt-kit's async setup: call from outside Swift concurrency's thread pool (as
    /// `ServerRunner` does, from the main thread), or pass a `TokenVerifier.make` result.
    public init(loop: EventLoop, configuration: ServerConfiguration, games: [GameDefinition],
                logger: Logger = Logger(label: "tickwire"), verifier: TokenVerifier? = nil) throws(GameServerError) {
        let problems = GameServer.problems(games: games, configuration: configuration)
        guard problems.isEmpty else { throw .games(problems) }
        self.loop = loop
        self.configuration = configuration
        self.games = games
        self.logger = logger
        webFiles = configuration.webDirectory.flatMap { StaticFiles(directory: $0, maxFileBytes: configuration.maxWebFileBytes) }
        if let directory = configuration.webDirectory, webFiles == nil {
            logger.notice("web directory \(directory) is not there: no files served")
        }
        if let directory = configuration.recordDirectory {
            do {
                replays = try ReplayLibrary(directory: directory, maxFileBytes: configuration.recordMaxFileBytes,
                                            maxTotalBytes: configuration.recordMaxTotalBytes, loop: loop)
            } catch {
                throw .recordings(directory: directory, "\(error)")
            }
        } else {
            replays = nil
        }
        let tls: TLSContext?
        do { tls = try Self.loadTLS(configuration) } catch { throw .tls(error) }
        if let verifier {
            self.verifier = verifier
        } else if let path = configuration.authKeyFile {
            self.verifier = try Self.loadVerifier(path: path, audience: configuration.authAudience)
        } else {
            self.verifier = nil
        }
        registry = RoomRegistry(games: games, configuration: configuration, loop: loop)
        let transportConfiguration = WebSocketServer.Configuration(
            host: configuration.host, port: configuration.port,
            handshake: ServerHandshakeConfig(origins: configuration.originPolicy, subprotocols: [ProtocolVersion.subprotocol]),
            limits: WebSocketLimits(maxMessageBytes: configuration.maxMessageBytes, maxFragmentsPerMessage: configuration.maxFragments),
            deadlines: ConnectionDeadlines(handshakeMilliseconds: configuration.handshakeTimeoutMilliseconds,
                                           responseMilliseconds: configuration.closeTimeoutMilliseconds,
                                           closingMilliseconds: configuration.closeTimeoutMilliseconds),
            sweepIntervalMilliseconds: configuration.sweepIntervalMilliseconds,
            maxConnections: configuration.maxConnections,
            maxHandshakes: configuration.maxHandshakes,
            // Without a proxy the peer address is the client's: count every TCP connection
            // at accept. Behind a proxy the real address is only known at the upgrade.
            maxConnectionsPerAddress: configuration.trustedProxy ? 0 : configuration.maxConnectionsPerAddress)
        do {
            transport = try WebSocketServer(loop: loop, configuration: transportConfiguration, onOpen: { _, _, _ in })
        } catch {
            throw .listen(host: configuration.host, port: configuration.port, error)
        }
        transport.tlsContext = tls
        registry.server = self
        registry.clock.onMissed = { [unowned self] missed in self.counters.missedTicks += missed }
        transport.httpResponder = { [unowned self] head in self.respond(to: head) }
        transport.admission = { [unowned self] connection, head in self.admit(connection, head: head) }
        transport.onOpen = { [unowned self] connection, head, _ in self.open(connection, head: head) }
        transport.onSweep = { [unowned self] now in self.sweep(now: now) }
        directory = configuration.cluster.map { Directory(settings: $0, server: self) }
        if configuration.ioUring && !loop.enableBatchedSends() {
            logger.notice("io_uring is not available here: snapshots go out with one write per client")
        }
    }

    /// Why these games cannot run together under `configuration`, one sentence each.
    public static func problems(games: [GameDefinition], configuration: ServerConfiguration) -> [String] {
        guard !games.isEmpty else { return ["no game to serve"] }
        var problems = configuration.problems()
        var seen: Set<String> = []
        for game in games {
            // The tables clients are sent must be the ones the simulation encodes and reads by.
            let made = type(of: game.defaultLevel.makeSimulation(0))
            if made.schema != game.schema || made.inputLayout != game.inputLayout {
                problems.append("game \(game.name): its definition's schema or input layout differs from its simulation's")
            }
            // Every level's welcome must be one clients can read (names, sizes within the wire's limits).
            for level in game.levels {
                let welcome = Welcome(playerID: game.playerIDs.lowerBound, sessionToken: Welcome.noSessionToken,
                                      roomID: String(repeating: "r", count: 32), game: game.name, gameVersion: game.version,
                                      level: level.key, levelTitle: level.title, tickRate: UInt16(clamping: configuration.tickRate),
                                      snapshotRate: UInt16(clamping: configuration.snapshotRate), schema: game.schema,
                                      inputLayout: game.inputLayout, levelWidth: level.width, levelHeight: level.height, grid: level.grid)
                do {
                    _ = try ServerMessage.decode(ServerMessage.welcome(welcome).encoded()[...])
                } catch {
                    problems.append("game \(game.name), level \(level.key): clients could not read its welcome: \(error.message)")
                }
            }
            if !seen.insert(game.name).inserted { problems.append("game \(game.name) is registered twice") }
            if !game.tickRates.contains(configuration.tickRate) {
                problems.append("game \(game.name) runs at \(game.tickRates) ticks per second, not tick-rate \(configuration.tickRate)")
            }
            if !game.snapshotRates.contains(configuration.snapshotRate) {
                problems.append("game \(game.name) sends \(game.snapshotRates) snapshots per second, not snapshot-rate \(configuration.snapshotRate)")
            }
        }
        return problems
    }

    /// The bound port (useful with port 0).
    public var port: Int { transport.port }

    private static func loadVerifier(path: String, audience: String) throws(GameServerError) -> TokenVerifier {
        let key: AuthKey
        do { key = try AuthKey.load(path: path) } catch { throw .authKey(error.description) }
        let made = Mutex<Result<TokenVerifier, GameServerError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<TokenVerifier, GameServerError>
            do { result = .success(try await TokenVerifier.make(key: key, audience: audience)) } catch {
                result = .failure(.authKey("\(path): \(error)"))
            }
            made.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try made.withLock { $0! }.get()
    }

    /// Whether the game port speaks TLS (wss://, https://).
    public var isTLS: Bool { transport.tlsContext != nil }

    private static func loadTLS(_ configuration: ServerConfiguration) throws(TLSError) -> TLSContext? {
        guard let certificate = configuration.tlsCertificateFile, let key = configuration.tlsKeyFile else { return nil }
        return try TLSContext.server(certificateFile: certificate, keyFile: key)
    }

    /// Reads the certificate and key files again: new connections get the new certificate,
    /// open ones keep theirs. On an error the old certificate stays in use. Does nothing
    /// without TLS.
    public func reloadCertificate() throws(TLSError) {
        guard transport.tlsContext != nil, let context = try Self.loadTLS(configuration) else { return }
        transport.tlsContext = context
        counters.certificateReloads += 1
    }
    /// The WebSocket transport's own counters: accepts, upgrades, refusals, timeouts.
    public var transportCounters: WebSocketServer.Counters { transport.counters }
    /// Every TCP connection not yet closed (upgrades and plain HTTP requests included).
    public var connectionCount: Int { transport.connections.count }
    /// Open WebSocket sessions (lobby, players and spectators).
    public var sessionCount: Int { sessions.count }
    /// Rooms open now.
    public var roomCount: Int { registry.rooms.count }
    /// Seated players in every room, disconnected ones still within their grace included.
    public var playerCount: Int { registry.rooms.reduce(0) { $0 + $1.seats.count } }
    /// Every open room, as `listRooms` answers it: in a cluster, every node's (other
    /// nodes' as of the directory's last refresh).
    public var rooms: [RoomInfo] {
        localRoomInfos(registry.liveRooms) + (directory?.remoteRooms.map(\.info) ?? [])
    }

    /// This node's rooms, each naming this node in a cluster.
    func localRoomInfos(_ rooms: [Room]) -> [RoomInfo] {
        let node = directory?.settings.nodeID ?? ""
        return rooms.map { room in
            var info = room.info
            info.node = node
            return info
        }
    }

    /// This node's id in its cluster; nil for a single node.
    public var nodeID: String? { directory?.settings.nodeID }
    /// Whether the cluster's directory is reachable now (false for a single node).
    public var isDirectoryAvailable: Bool { directory?.isAvailable ?? false }

    func log(_ message: String) { logger.info("\(message)") }

    // MARK: Connections

    private func clientAddress(_ connection: WebSocketConnection, head: HTTPRequestHead) -> String {
        // The proxy appends the address it saw on the right; everything left of it was
        // written by the client and proves nothing.
        if configuration.trustedProxy, let forwarded = head.last("X-Forwarded-For"),
           let last = forwarded.split(separator: ",", omittingEmptySubsequences: false).last {
            let address = last.trimmingCharacters(in: .whitespaces)
            if !address.isEmpty { return address }
        }
        return connection.peerAddress?.host ?? "unknown"
    }

    private func admit(_ connection: WebSocketConnection, head: HTTPRequestHead) -> [UInt8]? {
        let address = clientAddress(connection, head: head)
        let limit = configuration.maxConnectionsPerAddress
        if configuration.trustedProxy, limit > 0, connectionsPerAddress[address, default: 0] >= limit {
            counters.breach(.connectionsPerAddress)
            logger.notice("refused \(address): over \(limit) connections from one address")
            return HTTPResponse.make(status: 429, reason: "Too Many Requests",
                                     body: Array("too many connections from \(address) (limit \(limit))\n".utf8))
        }
        return nil
    }

    private func open(_ connection: WebSocketConnection, head: HTTPRequestHead) {
        let address = clientAddress(connection, head: head)
        let session = Session(server: self, connection: connection, address: address)
        connection.handler = session
        sessions[ObjectIdentifier(session)] = session
        connectionsPerAddress[address, default: 0] += 1
    }

    func sessionClosed(_ session: Session) {
        sessions[ObjectIdentifier(session)] = nil
        if let count = connectionsPerAddress[session.address] {
            connectionsPerAddress[session.address] = count > 1 ? count - 1 : nil
        }
    }

    func recordTick(micros: UInt32, late: Bool) {
        counters.ticks += 1
        if late { counters.lateTicks += 1 }
        metrics.tickDuration.record(.microseconds(micros))
    }

    // MARK: Sweep

    /// Carries out what the liveness rules decide for each open session, then the rooms'. The
    /// sessions' pings and errors go to the kernel together, as a tick's snapshots do.
    private func sweep(now: UInt64) {
        loop.batchingSends {
            for session in sessions.values where session.connection.isOpen {
                switch session.heartbeat.sweep(now: now, stamp: EventLoop.monotonicNanoseconds()) {
                case .drop?:
                    counters.dropsHeartbeat += 1
                    session.drop(reason: "missed two heartbeats")
                    continue
                case .sendPing(let stamp)?:
                    session.sendPing(stamp: stamp)
                case nil:
                    break
                }
                let idle = configuration.idleTimeoutMilliseconds / 1000
                switch session.idleness.sweep(now: now) {
                case .removeIdlePlayer?:
                    counters.dropsIdle += 1
                    session.sendError(ProtocolError(.idleTimeout, "no input for \(idle) s"))
                    session.leaveAfterIdle()
                case .closeIdleLobby?:
                    // Connected but never joining (or long back in the lobby): free the slot.
                    counters.dropsIdle += 1
                    session.sendError(ProtocolError(.idleTimeout, "no message for \(idle) s"))
                case nil:
                    break
                }
            }
        }
        registry.sweep(now: now)
    }

    // MARK: Shutdown

    /// The transport, for graceful shutdown wiring.
    public var webSocketServer: WebSocketServer { transport }
}

extension GameServer {
    /// Closes every room (players are told the room closed). For shutdown and tests.
    public func closeRooms() {
        registry.closeAll(reason: .roomClosed, message: "server shutting down")
        directory?.leave {}
    }

    /// Whether the node is still taking itself out of the cluster's directory (after `closeRooms`).
    public var isLeavingDirectory: Bool { directory?.isLeaving ?? false }

    /// Whether a recording's file is still being written (or closed).
    public var isWritingRecordings: Bool {
        replays?.entries.contains { $0.recording } ?? false
    }
}
