import EventLoop
import GameCore
import Replication
import WebSocket
import Wire

/// A Tickwire protocol client over one WebSocket, for any game: joins a room (or spectates
/// one), learns the game's tables from `welcome`, applies snapshots against its own ring of
/// acknowledged states, acknowledges them, and sends inputs encoded by the game's input
/// layout. Bots and the spectator are built on it. Loop thread only.
public final class GameClient: WebSocketHandler {
    /// What the client does once the connection opens.
    public enum Role: Sendable, Equatable {
        /// Joins as `name`, in a room chosen by `target`.
        case player(name: String, target: JoinTarget)
        /// Watches `room` with the server's admin token (an empty `room`: the room list only).
        case spectator(adminToken: String, room: String)
    }

    /// The loop the client runs on; use the client only on its thread.
    public let loop: EventLoop
    /// Hears what happens, on the loop thread; held weakly.
    public weak var delegate: (any GameClientDelegate)?
    /// The open WebSocket; nil before it opens and once it is gone.
    public private(set) var connection: WebSocketConnection?
    /// The latest `welcome` or `spectating`; nil before one, after `spectate(adminToken:room:)`
    /// and after a `roomClosed` error.
    public private(set) var welcome: Welcome? {
        // Kept apart: reading them through `welcome` copies the whole message (per input, per snapshot).
        didSet {
            schema = welcome?.schema
            inputLayout = welcome?.inputLayout
        }
    }
    /// Whether the last welcome was `spectating` (an admin watching), not a player's.
    public private(set) var isSpectating = false
    /// The room's players, from the latest `roster` message.
    public private(set) var roster: [RosterEntry] = []
    /// The latest applied world state (it shares storage with the client's snapshot ring).
    public var world: WorldState { ring.state(at: appliedTick) ?? WorldState() }
    /// What this client has received and sent so far.
    public private(set) var stats = ClientStats()
    /// Tick of the latest applied snapshot (0 = none); sent as the ack.
    public private(set) var appliedTick: UInt32 = 0
    /// Sequence number of the last input sent.
    public private(set) var inputSequence: UInt32 = 0
    /// Where the replay room this client spectates is, from its last `replayStatus`.
    public private(set) var replayStatus: ReplayStatus?
    /// Whether a snapshot is acked explicitly, or left to the next input's ack.
    private var explicitAcks: ExplicitAcks?
    /// Loop time (ms) each recent input was sent, by sequence, to measure input-to-snapshot latency.
    private var inputSentAt = [UInt64](repeating: 0, count: 256)
    /// Called with the input-to-snapshot latency (ms) when a snapshot confirms an input.
    public var onInputLatency: ((UInt64) -> Void)?
    /// Called with the round-trip time (µs) of each answered ping sent with `ping()`.
    public var onPingRTT: ((UInt64) -> Void)?
    /// The player's signed token (JWT), sent with `join` and `spectate`, for servers that
    /// authenticate players; empty for servers that do not.
    public var credential = ""

    private var ring = SnapshotRing()
    /// Each snapshot is decoded here, then swapped into the ring: applying one copies nothing.
    private var decoding = WorldState()
    private var writer = ByteWriter(reservingCapacity: 64)
    private var received: [UInt8] = []
    private var lastConfirmedSequence: UInt32 = 0
    private var disconnected = false
    private var endpoint: Endpoint?
    /// While resuming: the seat's token, when to give up, the wait before the next attempt.
    private var resumeToken: [UInt8] = []
    private var resumeDeadline: UInt64 = 0
    private var resumeDelay: UInt64 = 0
    /// The last join, resume or spectate sent: what a redirect asks again at another node.
    private var placementRequest: ClientMessage?
    /// The join as the application asked for it, while a reservation from a redirect stands
    /// in for its target: sent again if the reservation is refused (error 61).
    private var joinBeforeRedirect: ClientMessage?
    /// The connection a redirect left, whose close is expected.
    private var redirectedFrom: WebSocketConnection?
    /// Redirects followed since the last welcome (a loop between nodes ends at `maxRedirects`).
    private var redirectsInARow = 0
    /// Redirects followed in all; a cluster sends clients to the node that holds their room.
    public private(set) var redirectsFollowed = 0
    /// More redirects in a row than this end in `didDisconnect`.
    public static let maxRedirects = 3
    /// How long a join, resume or spectate may wait for its answer (a welcome, an error, a
    /// redirect, or the room list of a list-only spectate) before the client gives up and
    /// disconnects, as the server's upgrade deadline does for it; 0 waits for ever.
    public var placementTimeoutMilliseconds: UInt64 = 10_000
    private var placementDeadline: LoopTimer?

    /// A client on `loop`; nothing happens until `connect`.
    public init(loop: EventLoop) {
        self.loop = loop
    }

    // The deadline's callback holds the client unowned: it must not outlive it.
    deinit { placementDeadline?.close() }

    /// The room's entity schema, from `welcome` (nil before it); `world` follows it.
    public private(set) var schema: EntitySchema?
    /// The room's input layout, from `welcome` (nil before it); `sendInput` values follow it.
    public private(set) var inputLayout: InputLayout?

    /// Whether the WebSocket is open.
    public var isConnected: Bool { connection?.isOpen ?? false }
    /// This player's id (also its entity's id) from `welcome`; 0 when spectating, nil before.
    public var playerID: PlayerID? { welcome?.playerID }

    /// Connects and, once open, joins or spectates as `role`. With `tls` the connection is
    /// wss:// (see `TLSContext.client`).
    public func connect(host: String, port: Int, role: Role, path: String = "/", tls: TLSContext? = nil) {
        endpoint = Endpoint(host: host, port: port, path: path, tls: tls)
        open { [unowned self] in
            switch role {
            case .player(let name, let target):
                sendPlacement(.join(version: ProtocolVersion.current, name: name, target: target, credential: credential))
            case .spectator(let token, let room):
                sendPlacement(.spectate(version: ProtocolVersion.current, adminToken: token, room: room, credential: credential))
            }
        } failed: { [unowned self] reason in
            disconnect(reason: reason)
        }
    }

    /// Where `connect` went, for a resume.
    private struct Endpoint {
        let host: String
        let port: Int
        let path: String
        let tls: TLSContext?
    }

    /// The attempt holds the client until it ends (a weak capture would give every client a
    /// side table, and make each of its retains slow for its whole life).
    private func open(then opened: @escaping () -> Void, failed: @escaping (String) -> Void) {
        guard let endpoint else { return }
        WebSocketClient.connect(loop: loop, host: endpoint.host, port: endpoint.port, path: endpoint.path,
                                subprotocols: [ProtocolVersion.subprotocol],
                                limits: WebSocketLimits(maxMessageBytes: 4 << 20), tls: endpoint.tls) { result in
            switch result {
            case .success(let connection):
                // Given up meanwhile (a placement's deadline): this connection is not wanted.
                guard !self.disconnected else { return connection.close(code: .normal, reason: "gave up") }
                connection.handler = self
                self.connection = connection
                opened()
            case .failure(let error):
                failed(error.description)
            }
        }
    }

    // MARK: Resuming

    /// A player whose connection is lost (not closed by either side) reconnects and takes
    /// its seat back with `resume`, trying for this long (the server keeps the seat for its
    /// reconnect grace, 10 s by default); 0 never resumes. `didDisconnect` comes only when
    /// it gives up.
    public var resumeWithinMilliseconds: UInt64 = 0
    /// Reconnecting to resume its seat.
    public private(set) var isResuming = false

    /// Starts resuming, if this loss allows it; false when the client should disconnect.
    private func beginResume(code: CloseCode) -> Bool {
        guard resumeWithinMilliseconds > 0, code == .abnormal, !isSpectating,
              let token = welcome?.sessionToken, token != Welcome.noSessionToken else { return false }
        isResuming = true
        resumeToken = token
        resumeDeadline = loop.nowMilliseconds + resumeWithinMilliseconds
        resumeDelay = 100
        scheduleResume(after: "the connection was lost")
        return true
    }

    /// The next attempt, after a doubling wait (at most 2 s), or giving up at the deadline.
    private func scheduleResume(after reason: String) {
        connection = nil
        guard loop.nowMilliseconds < resumeDeadline else {
            isResuming = false
            disconnect(reason: "connection lost; no resume within \(resumeWithinMilliseconds) ms (last: \(reason))")
            return
        }
        let timer = LoopTimer(loop: loop)
        timer.start(delay: resumeDelay) { [weak self] in
            timer.close()
            guard let self, self.isResuming else { return }
            self.open { [unowned self] in
                sendPlacement(.resume(version: ProtocolVersion.current, token: resumeToken, credential: credential))
            } failed: { [unowned self] reason in
                scheduleResume(after: reason)
            }
        }
        resumeDelay = min(resumeDelay * 2, 2_000)
    }

    // MARK: Sending

    /// Encodes and sends any message (inputs by the room's layout); dropped when not connected.
    /// For inputs prefer `sendInput`, which numbers them and adds the ack.
    public func send(_ message: ClientMessage) {
        guard let connection, connection.isOpen else { return }
        writer.reset()
        message.encode(into: &writer, layout: inputLayout)
        stats.messagesOut += 1
        stats.bytesOut += writer.count
        writer.bytes.withUnsafeBytes { connection.sendBinary($0) }
        // What the server now holds as our ack, whoever sent it (the app may send its own).
        switch message {
        case .input(let ack, _): explicitAcks?.inputSent(at: loop.nowMilliseconds, ack: ack)
        case .ack(let tick): explicitAcks?.ackSent(tick)
        default: break
        }
    }

    /// Sends the next input (sequence numbered here) with the current ack: one value per
    /// field of the room's input layout, each within its field's range or mask (the server
    /// closes the connection with error 4 otherwise). Nothing is sent before `welcome`.
    public func sendInput(_ values: SIMD8<Int32>) {
        guard inputLayout != nil, !isSpectating else { return }
        inputSequence &+= 1
        inputSentAt[Int(inputSequence & 255)] = loop.nowMilliseconds
        send(.input(ack: appliedTick, input: PlayerInput(sequence: inputSequence, values: values)))
    }

    /// Sends a WebSocket ping carrying the send time; the pong gives the RTT.
    public func ping() {
        var now = EventLoop.monotonicNanoseconds()
        withUnsafeBytes(of: &now) { connection?.sendPing($0) }
    }

    /// Asks for the room list; it arrives through `gameClient(_:didReceiveRooms:)`.
    public func listRooms() { send(.listRooms) }

    /// Steers the replay room this client spectates (pause, play, speed, seek).
    public func controlReplay(_ command: ReplayCommand) { send(.replayControl(command)) }
    /// Leaves the room (or stops watching) for the lobby; the connection stays open.
    public func leave() {
        send(.leave)
        // Back in the lobby: no room's tables, so no inputs until the next welcome.
        welcome = nil
        ring.removeAll()
        appliedTick = 0
    }

    /// Switches the spectated room (spectators only).
    public func spectate(adminToken: String, room: String) {
        welcome = nil
        ring.removeAll()
        appliedTick = 0
        sendPlacement(.spectate(version: ProtocolVersion.current, adminToken: adminToken, room: room, credential: credential))
    }

    private func sendPlacement(_ message: ClientMessage) {
        placementRequest = message
        send(message)
        guard placementTimeoutMilliseconds > 0 else { return }
        let deadline = placementDeadline ?? LoopTimer(loop: loop)
        placementDeadline = deadline
        let request = String(describing: message.kind)  // join, resume or spectate
        deadline.start(delay: placementTimeoutMilliseconds) { [unowned self] in
            isResuming = false  // an unanswered resume ends the client too
            connection?.abort()
            disconnect(reason: "\(Self.placementTimeoutPrefix)\(request) from the server within \(Double(placementTimeoutMilliseconds) / 1000) s")
        }
    }

    /// The start of `didDisconnect`'s reason when a placement went unanswered.
    public static let placementTimeoutPrefix = "no answer to the "

    /// The server answered the placement (or the client is done with it).
    private func placementAnswered() {
        placementDeadline?.close()
        placementDeadline = nil
    }

    // MARK: Redirects

    /// The room lives on another node of the cluster: connect there and ask again (a join
    /// presents the seat the redirect holds). The old connection closes; the delegate hears
    /// nothing of it but the `welcome` that follows.
    private func follow(_ redirect: Redirect) {
        guard let request = placementRequest else { return }
        redirectsInARow += 1
        guard redirectsInARow <= Self.maxRedirects else {
            connection?.close(code: .normal, reason: "too many redirects")
            disconnect(reason: "more than \(Self.maxRedirects) redirects in a row (last to \(redirect.url))")
            return
        }
        let url: WebSocketURL
        do { url = try WebSocketURL(parsing: redirect.url) } catch {
            connection?.close(code: .normal, reason: "bad redirect")
            disconnect(reason: "the server redirected to \(error.description)")
            return
        }
        let tls: TLSContext?
        if url.isSecure {
            // The trust the client was given goes with it; a plain client trusts the system's CAs.
            if let given = endpoint?.tls { tls = given } else {
                do { tls = try TLSContext.client() } catch {
                    disconnect(reason: "redirected to \(redirect.url): \(error)")
                    return
                }
            }
        } else {
            tls = nil
        }
        let next: ClientMessage
        switch request {
        case .join(let version, let name, let target, let credential) where redirect.holdsSeat:
            if case .reservation = target {} else { joinBeforeRedirect = request }
            next = .join(version: version, name: name, target: .reservation(redirect.reservation), credential: credential)
        default:
            next = request
        }
        redirectsFollowed += 1
        redirectedFrom = connection
        connection = nil
        redirectedFrom?.close(code: .normal, reason: "redirected")
        endpoint = Endpoint(host: url.host, port: url.port, path: url.path, tls: tls)
        open { [unowned self] in
            sendPlacement(next)
        } failed: { [unowned self] reason in
            if isResuming { scheduleResume(after: reason) } else { disconnect(reason: "redirected to \(redirect.url): \(reason)") }
        }
    }

    /// Closes with 1000.
    public func close() {
        connection?.close(code: .normal, reason: "bye")
    }

    // MARK: Receiving

    /// Transport callback, not for callers: applies a snapshot or handles one server message.
    public func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        stats.messagesIn += 1
        stats.bytesIn += payload.count
        received.removeAll(keepingCapacity: true)
        received.append(contentsOf: payload)
        if received.first == MessageKind.snapshot.rawValue {
            applySnapshot(received[1...], size: payload.count)
            return
        }
        let message: ServerMessage
        do { message = try ServerMessage.decode(received[...]) } catch {
            stats.protocolErrors += 1
            delegate?.gameClient(self, didReceiveError: error.code, message: "client could not decode a server message: \(error.message)")
            return
        }
        switch message {
        case .welcome(let welcome), .spectating(let welcome):
            placementAnswered()
            isResuming = false
            redirectsInARow = 0
            joinBeforeRedirect = nil
            self.welcome = welcome
            explicitAcks = ExplicitAcks(snapshotRate: welcome.snapshotRate, tickRate: welcome.tickRate)
            isSpectating = message.kind == .spectating
            // Sized to the game's widest entity, as the server's ring is.
            ring = SnapshotRing(fieldsPerEntity: welcome.schema.maxFieldCount)
            decoding = WorldState(fieldsPerEntity: welcome.schema.maxFieldCount)
            appliedTick = 0
            replayStatus = nil
            delegate?.gameClient(self, didJoin: welcome)
        case .roster(let roster):
            self.roster = roster
            delegate?.gameClient(self, didReceiveRoster: roster)
        case .roomList(let rooms):
            // The answer to a spectate of no room (the list only).
            if case .spectate(_, _, let room, _)? = placementRequest, room.isEmpty { placementAnswered() }
            delegate?.gameClient(self, didReceiveRooms: rooms)
        case .error(let code, let text):
            placementAnswered()
            // The seat a redirect held is gone (expired, or lost with the directory): ask for
            // the room again here, as the application did, within the redirect limit.
            if code == .reservationInvalid, let original = joinBeforeRedirect, redirectsInARow < Self.maxRedirects {
                redirectsInARow += 1
                joinBeforeRedirect = nil
                sendPlacement(original)
                return
            }
            if code == .roomClosed { welcome = nil }
            if isResuming {  // the seat is gone: nothing to go back to
                isResuming = false
                delegate?.gameClient(self, didReceiveError: code, message: text)
                self.connection?.close(code: .normal, reason: "resume refused")
                disconnect(reason: "connection lost; resume refused: \(text)")
                return
            }
            delegate?.gameClient(self, didReceiveError: code, message: text)
        case .replayStatus(let status):
            replayStatus = status
            delegate?.gameClient(self, didReceiveReplayStatus: status)
        case .redirect(let redirect):
            placementAnswered()
            follow(redirect)
        case .snapshot:
            break
        }
    }

    private func applySnapshot(_ body: ArraySlice<UInt8>, size: Int) {
        guard let schema else {
            stats.snapshotErrors += 1
            delegate?.gameClient(self, didReceiveError: .unexpectedMessage, message: "snapshot before welcome")
            return
        }
        do {
            // Every state in the ring came from the decoder: unchanged entities are copied whole.
            let header = try SnapshotDecoder.decode(body, baselines: ring, schema: schema, into: &decoding, baselinesDecoded: true)
            ring.store(swapping: &decoding)
            appliedTick = header.tick
            stats.snapshots += 1
            if header.isFull { stats.fullSnapshots += 1 }
            if header.lastInputSequence > lastConfirmedSequence {
                lastConfirmedSequence = header.lastInputSequence
                if inputSequence &- header.lastInputSequence < 256 {
                    onInputLatency?(loop.nowMilliseconds &- inputSentAt[Int(header.lastInputSequence & 255)])
                }
            }
            if explicitAcks?.acksSnapshot(header.tick, at: loop.nowMilliseconds, spectating: isSpectating) ?? true {
                send(.ack(tick: header.tick))
            }
            delegate?.gameClient(self, didApplySnapshot: SnapshotInfo(
                tick: header.tick, baselineTick: header.baselineTick, lastInputSequence: header.lastInputSequence, bytes: size))
        } catch {
            // Never applied to the wrong baseline: drop it; the next full or delta will do.
            stats.snapshotErrors += 1
            delegate?.gameClient(self, didReceiveError: .malformedMessage, message: "snapshot rejected: \(error)")
        }
    }


    /// Transport callback, not for callers: reports the RTT of a `ping()` to `onPingRTT`.
    public func webSocketDidReceivePong(_ connection: WebSocketConnection, payload: UnsafeRawBufferPointer) {
        guard payload.count == 8 else { return }
        let sent = payload.loadUnaligned(as: UInt64.self)
        let now = EventLoop.monotonicNanoseconds()
        if now > sent { onPingRTT?((now - sent) / 1000) }
    }

    /// Transport callback, not for callers: reports the close as `gameClient(_:didDisconnect:)`.
    public func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) {
        guard !disconnected else { return }  // given up already: no resume, no second report
        if connection === redirectedFrom {  // left for another node on purpose
            redirectedFrom = nil
            return
        }
        guard connection === self.connection || self.connection == nil else { return }  // an old connection's close
        let text = reason.isEmpty ? "closed with \(code.rawValue)" : "closed with \(code.rawValue): \(reason)"
        if isResuming {
            scheduleResume(after: text)
            return
        }
        if beginResume(code: code) { return }
        disconnect(reason: text)
    }

    private func disconnect(reason: String) {
        guard !disconnected else { return }
        placementAnswered()
        disconnected = true
        connection = nil
        delegate?.gameClient(self, didDisconnect: reason)
    }
}
