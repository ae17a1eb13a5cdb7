import EventLoop
import GameCore
import WebSocket
import Wire

/// One client connection's life in the game: lobby, player in a room, or spectator.
/// It decodes messages, enforces per-client limits, and talks to rooms.
final class Session: WebSocketHandler {
    enum Role {
        case lobby
        case player(Room, PlayerSeat)
        case spectator(Room)
    }

    unowned let server: GameServer
    let connection: WebSocketConnection
    /// The connection's loop, kept for its clock (read on every message).
    let loop: EventLoop
    let address: String
    var role: Role = .lobby {
        didSet {
            if case .player(let room, _) = role { inputLayout = room.game.inputLayout } else { inputLayout = nil }
        }
    }
    /// The layout inputs are decoded by: the room's game's, while playing. Kept, not read
    /// through the role on every message.
    private(set) var inputLayout: InputLayout?
    /// Spectators' acknowledged tick (players keep theirs in their seat).
    var ackTick: UInt32?
    var inputLimiter: RateLimiter
    /// See Session+Requests.
    var requestLimiter: RateLimiter
    var heartbeat: Heartbeat
    var idleness: Idleness
    /// Loop time (ms) its unsent bytes went over the soft limit; nil while under it.
    var backloggedSince: UInt64?
    /// Round-trip time measured by the last answered heartbeat, in milliseconds.
    var rttMilliseconds: UInt16?
    /// A replay file is being read for this session's `spectate`.
    var loadingReplay = false
    /// Credentials refused on this connection.
    var credentialFailures = 0
    /// A join or resume waits for the cluster's directory (bounded by its reply deadline).
    var placing = false

    init(server: GameServer, connection: WebSocketConnection, address: String) {
        self.server = server
        self.connection = connection
        self.address = address
        loop = connection.stream.loop
        let now = loop.nowMilliseconds
        inputLimiter = RateLimiter(perSecond: server.configuration.inputsPerSecond, now: now)
        requestLimiter = RateLimiter(perSecond: server.configuration.requestsPerSecond, now: now)
        heartbeat = Heartbeat(intervalMilliseconds: server.configuration.heartbeatIntervalMilliseconds, now: now)
        idleness = Idleness(timeoutMilliseconds: server.configuration.idleTimeoutMilliseconds, now: now)
    }

    var now: UInt64 { loop.nowMilliseconds }
    var queuedBytes: Int { connection.queuedBytes }
    var isOpen: Bool { connection.isOpen }

    func send(_ message: [UInt8]) {
        server.counters.messagesOut += 1
        server.counters.bytesOut += message.count
        message.withUnsafeBytes { connection.sendBinary($0) }
        // Snapshots check the limits before each send (Room+Snapshots); every other message
        // (answers to a lobby's requests, rosters, errors) is checked here, so a client that
        // asks and never reads cannot grow its queue past the hard limit either.
        let limit = server.configuration.sendHardLimitBytes
        if connection.queuedBytes > limit && !connection.stream.isClosing {
            server.counters.dropsSlowReader += 1
            drop(reason: "send queue over \(limit) bytes")
        }
    }

    func sendError(_ error: ProtocolError) {
        server.counters.errorsSent += 1
        send(ServerMessage.error(code: error.code, message: error.message).encoded())
        // Dropped by that send (over the hard limit): lost, not closed, so a seat keeps its grace.
        if error.code.closesConnection && !connection.stream.isClosing {
            connection.close(code: .policyViolation, reason: error.message)
        }
    }

    /// Disconnects at once (slow reader, missed heartbeats); the seat keeps its grace.
    func drop(reason: String) {
        server.log("dropping \(address): \(reason)")
        connection.abort(code: .abnormal, reason: reason)
    }

    func sendPing(stamp: UInt64) {
        var payload = stamp.littleEndian
        withUnsafeBytes(of: &payload) { connection.sendPing($0) }
    }

    /// Back in the lobby (left, idled out, room closed).
    func returnToLobby() {
        role = .lobby
        ackTick = nil
        idleness.moved(to: .lobby, now: now)
    }

    /// The room this session was in has closed.
    func roomClosed(code: ErrorCode, message: String) {
        returnToLobby()
        send(ServerMessage.error(code: code, message: message).encoded())
    }

    // MARK: WebSocketHandler

    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        let server = self.server  // one load of the unowned reference, not one per use
        server.counters.messagesIn += 1
        server.counters.bytesIn += payload.count
        idleness.receivedMessage(now: now)
        // One copy into the server's storage, of the right size already: no count or
        // capacity bookkeeping.
        if server.messageScratch.count < payload.count { server.messageScratch = [UInt8](repeating: 0, count: payload.count) }
        server.messageScratch.withUnsafeMutableBytes { $0.copyMemory(from: payload) }
        let bytes = server.messageScratch[..<payload.count]
        do {
            // A player's input, nearly every message, skips the general message and its switch.
            if let inputLayout, payload.first == MessageKind.input.rawValue {
                let (ack, input) = try ClientMessage.decodeInput(bytes, layout: inputLayout)
                receiveInput(input, ack: ack)
            } else {
                handle(try ClientMessage.decode(bytes, layout: inputLayout))
            }
        } catch {
            server.counters.protocolErrors += 1
            sendError(error)
        }
    }

    /// Heartbeat pings carry their send time (monotonic ns); the pong that echoes the last
    /// one counts, and gives the round trip.
    func webSocketDidReceivePong(_ connection: WebSocketConnection, payload: UnsafeRawBufferPointer) {
        guard let sent = heartbeat.receivedPong(payload) else { return }
        let now = EventLoop.monotonicNanoseconds()
        guard sent <= now else { return }
        rttMilliseconds = UInt16(min((now - sent) / 1_000_000, 65_000))
    }

    func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        server.counters.protocolErrors += 1
        sendError(ProtocolError(.malformedMessage, "text messages are not part of the protocol; send binary"))
    }

    /// The connection stopped being open (a close frame either way, or lost): the player
    /// leaves its room's live set now. Lost without a goodbye keeps the seat for a resume;
    /// a clean close or an error frees it.
    func webSocketWillClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) {
        switch role {
        case .player(let room, let seat):
            room.disconnect(seat, lost: code == .abnormal || code == .goingAway)
        case .spectator(let room):
            room.removeSpectator(self)
        case .lobby:
            break
        }
        role = .lobby
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) {
        server.sessionClosed(self)
    }
}
