import EventLoop

/// One WebSocket over one TCP stream, server or client side: it feeds received bytes to
/// the pure handshake and frame state machines and carries out what they decide.
public final class WebSocketConnection: TCPStreamDelegate {
    enum Phase {
        case serverHandshake(HTTPRequestParser)
        case clientHandshake(ClientHandshake)
        case open
        /// We sent a close frame and wait for the peer's (or the close timeout).
        case closeSent(since: UInt64)
        case closed
    }

    public let role: WebSocketRole
    public let stream: TCPStream
    public var handler: (any WebSocketHandler)?
    /// Free for the owner (e.g. a session id); not used here.
    public var tag: Int = 0

    var phase: Phase {
        didSet {
            // Keep the server's count of upgrades in progress (its handshake limit) exact.
            if case .serverHandshake = oldValue, !isHandshaking { server?.handshaking -= 1 }
        }
    }
    var reader: FrameReader
    var maskKeys: MaskKeys?
    /// Reused for client frames, which must be masked in a copy.
    var scratch: [UInt8] = []
    var closeCode: CloseCode = .abnormal
    var closeReason = ""

    /// Loop time (ms) of the last byte received, for heartbeats and idle sweeps.
    public internal(set) var lastReceivedAt: UInt64
    /// Loop time (ms) the connection was accepted or connected.
    public let openedAt: UInt64
    /// Pings sent since the last pong (heartbeat bookkeeping for the owner).
    public var unansweredPings = 0

    weak var server: WebSocketServer?
    /// Position in the server's list of connections, for O(1) removal.
    var serverIndex = -1
    /// The peer host counted against the server's per-address limit, if any.
    var countedHost: String?
    var onClientResult: ((Result<WebSocketConnection, WebSocketClientError>) -> Void)?

    init(role: WebSocketRole, stream: TCPStream, phase: Phase, limits: WebSocketLimits, now: UInt64) {
        self.role = role
        self.stream = stream
        self.phase = phase
        reader = FrameReader(role: role, limits: limits)
        if role == .client { maskKeys = MaskKeys() }
        lastReceivedAt = now
        openedAt = now
    }

    public var isOpen: Bool { if case .open = phase { return true } else { return false } }
    public var isHandshaking: Bool {
        switch phase {
        case .serverHandshake, .clientHandshake: return true
        default: return false
        }
    }

    /// Outbound bytes not yet taken by the kernel: the backpressure signal.
    public var queuedBytes: Int { stream.queuedBytes }

    public var peerAddress: SocketAddress? { stream.peerAddress }

    // MARK: TCPStreamDelegate

    public func stream(_ stream: TCPStream, didRead bytes: UnsafeMutableRawBufferPointer) {
        lastReceivedAt = stream.loop.nowMilliseconds
        switch phase {
        case .serverHandshake(var parser):
            let result = parser.feed(UnsafeRawBufferPointer(bytes))
            phase = .serverHandshake(parser)
            handleServerHandshake(result, bytes: bytes)
        case .clientHandshake(var handshake):
            let result = handshake.feed(UnsafeRawBufferPointer(bytes))
            phase = .clientHandshake(handshake)
            handleClientHandshake(result, bytes: bytes)
        case .open, .closeSent:
            readFrames(bytes)
        case .closed:
            break
        }
    }

    public func streamDidClose(_ stream: TCPStream, error: LoopError?) {
        let wasHandshaking = isHandshaking
        phase = .closed
        server?.remove(self)
        if let onClientResult {
            self.onClientResult = nil
            let reason = error.map { "connection lost during the handshake: \($0)" } ?? "connection closed during the handshake"
            onClientResult(.failure(.handshakeFailed(reason)))
        }
        let handler = self.handler
        self.handler = nil
        if !wasHandshaking { handler?.webSocketDidClose(self, code: closeCode, reason: closeReason) }
    }

    // MARK: Frames

    func readFrames(_ bytes: UnsafeMutableRawBufferPointer) {
        let failure = reader.read(bytes) { event in
            self.handle(event)
        }
        if let failure { fail(failure) }
    }

    private func handle(_ event: WebSocketEvent) {
        switch event {
        case .binary(let payload):
            if isOpen { handler?.webSocket(self, didReceiveBinary: payload) }
        case .text(let payload):
            if isOpen { handler?.webSocket(self, didReceiveText: payload) }
        case .ping(let payload):
            if isOpen { sendFrame(.pong, payload) }
        case .pong(let payload):
            unansweredPings = 0
            handler?.webSocketDidReceivePong(self, payload: payload)
        case .close(let code, let reason):
            receivedClose(code: code, reason: reason)
        }
    }

    private func receivedClose(code: UInt16?, reason: UnsafeRawBufferPointer) {
        switch phase {
        case .open:
            // Echo the peer's close, then end the TCP connection.
            closeCode = code.map { CloseCode(rawValue: $0) } ?? .noStatus
            closeReason = String(decoding: reason, as: UTF8.self)
            var frame: [UInt8] = []
            if let code {
                FrameWriter.appendCloseFrame(to: &frame, code: CloseCode(rawValue: code), reason: "", maskKey: maskKeys?.next())
            } else {
                FrameWriter.appendFrame(to: &frame, opcode: .close, payload: UnsafeRawBufferPointer(start: nil, count: 0), maskKey: maskKeys?.next())
            }
            frame.withUnsafeBytes { stream.write($0) }
            phase = .closeSent(since: 0)
            stream.closeAfterWriting()
        case .closeSent:
            // The peer answered our close: the handshake is complete.
            stream.closeAfterWriting()
        default:
            break
        }
    }

    /// A protocol violation: send its close code and end the connection.
    func fail(_ failure: WebSocketFailure) {
        if failure.code == .messageTooBig { server?.counters.messagesTooBig += 1 }
        guard isOpen || { if case .closeSent = phase { return true }; return false }() else { return }
        if isOpen {
            closeCode = failure.code
            closeReason = failure.reason
            var frame: [UInt8] = []
            FrameWriter.appendCloseFrame(to: &frame, code: failure.code, reason: failure.reason, maskKey: maskKeys?.next())
            frame.withUnsafeBytes { stream.write($0) }
        }
        phase = .closeSent(since: 0)
        stream.closeAfterWriting()
    }
}
