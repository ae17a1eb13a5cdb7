import EventLoop

/// One WebSocket over one TCP stream, server or client side: it feeds received bytes to
/// the pure handshake and frame state machines and carries out what they decide.
/// `lifecycle` holds its phase and the deadline of each; the server's sweep enforces them.
public final class WebSocketConnection: TCPStreamDelegate {
    public let role: WebSocketRole
    public let stream: TCPStream
    public var handler: (any WebSocketHandler)?

    public internal(set) var lifecycle: ConnectionLifecycle {
        didSet {
            // Keep the server's count of upgrades in progress (its handshake limit) exact.
            if oldValue.isHandshaking, !lifecycle.isHandshaking, role == .server { server?.handshaking -= 1 }
        }
    }
    /// The request parser while a server connection reads its upgrade request.
    var requestParser: HTTPRequestParser?
    /// The client's handshake while it waits for the server's answer.
    var clientHandshake: ClientHandshake?
    var reader: FrameReader
    var maskKeys: MaskKeys?
    /// Whether our close frame went out (the closing handshake then needs only the peer's).
    var sentClose = false
    /// Reused for client frames, which must be masked in a copy.
    var scratch: [UInt8] = []
    var closeCode: CloseCode = .abnormal
    var closeReason = ""

    weak var server: WebSocketServer?
    /// Position in the server's list of connections, for O(1) removal.
    var serverIndex = -1
    /// The peer host counted against the server's per-address limit, if any.
    var countedHost: String?
    var onClientResult: ((Result<WebSocketConnection, WebSocketClientError>) -> Void)?

    init(role: WebSocketRole, stream: TCPStream, limits: WebSocketLimits, now: UInt64) {
        self.role = role
        self.stream = stream
        lifecycle = ConnectionLifecycle(now: now)
        reader = FrameReader(role: role, limits: limits)
        if role == .client { maskKeys = MaskKeys() }
    }

    public var isOpen: Bool { lifecycle.isOpen }
    public var isHandshaking: Bool { lifecycle.isHandshaking }

    /// Outbound bytes not yet taken by the kernel: the backpressure signal.
    public var queuedBytes: Int { stream.queuedBytes }

    public var peerAddress: SocketAddress? { stream.peerAddress }

    var now: UInt64 { stream.nowMilliseconds }

    // MARK: TCPStreamDelegate

    public func stream(_ stream: TCPStream, didRead bytes: UnsafeMutableRawBufferPointer) {
        lifecycle.received(now: now)
        switch lifecycle.phase {
        case .handshaking:
            if var parser = requestParser {
                let result = parser.feed(UnsafeRawBufferPointer(bytes))
                requestParser = parser
                handleServerHandshake(result, bytes: bytes)
            } else if var handshake = clientHandshake {
                let result = handshake.feed(UnsafeRawBufferPointer(bytes))
                clientHandshake = handshake
                handleClientHandshake(result, bytes: bytes)
            }
        case .open, .closing:
            readFrames(bytes)
        case .respondingHTTP, .closed:
            break
        }
    }

    public func streamDidClose(_ stream: TCPStream, error: LoopError?) {
        let wasHandshaking = isHandshaking
        let wasOpen = isOpen
        lifecycle.closed(now: now)
        if error?.tlsFailure != nil { server?.counters.tlsFailures += 1 }
        server?.remove(self)
        if let onClientResult {
            self.onClientResult = nil
            let reason = error.map { "connection lost during the handshake: \($0)" }
                ?? (closeReason.isEmpty ? "connection closed during the handshake" : closeReason)
            onClientResult(.failure(.handshakeFailed(reason)))
        }
        let handler = self.handler
        self.handler = nil
        if wasOpen { handler?.webSocketWillClose(self, code: closeCode, reason: closeReason) }
        if !wasHandshaking { handler?.webSocketDidClose(self, code: closeCode, reason: closeReason) }
    }

    // MARK: Frames

    /// Unsent bytes past which pings get no pong.
    static let maxQueuedBytesForPong = 64 * 1024

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
            // A peer that pings and never reads would grow the queue without end: with this
            // much unsent, pings go unanswered (RFC 6455 5.5.3 allows answering only the
            // latest), so the queue stays bounded and the peer's own deadlines decide.
            if isOpen && stream.queuedBytes <= Self.maxQueuedBytesForPong { sendFrame(.pong, payload) }
        case .pong(let payload):
            if isOpen { handler?.webSocketDidReceivePong(self, payload: payload) }
        case .close(let code, let reason):
            receivedClose(code: code, reason: reason)
        }
    }

    private func receivedClose(code: UInt16?, reason: UnsafeRawBufferPointer) {
        switch lifecycle.phase {
        case .open:
            // Echo the peer's close, then end the TCP connection.
            let echoed = code.map { CloseCode(rawValue: $0) }
            beginClosing(code: echoed ?? .noStatus, reason: String(decoding: reason, as: UTF8.self))
            writeCloseFrame(code: echoed, reason: "")
            stream.closeAfterWriting()
        case .closing:
            // The peer answered our close: the handshake is complete.
            stream.closeAfterWriting()
        default:
            break
        }
    }

    /// A protocol violation: send its close code and end the connection.
    func fail(_ failure: WebSocketFailure) {
        if failure.code == .messageTooBig { server?.counters.messagesTooBig += 1 }
        switch lifecycle.phase {
        case .open:
            beginClosing(code: failure.code, reason: failure.reason)
            writeCloseFrame(code: failure.code, reason: failure.reason)
            stream.closeAfterWriting()
        case .closing:
            stream.closeAfterWriting()
        default:
            break
        }
    }

    /// Open -> closing: the handler hears it at once (a player leaves its room's live set
    /// now, not when the peer finally lets go).
    func beginClosing(code: CloseCode, reason: String) {
        closeCode = code
        closeReason = reason
        lifecycle.closing(now: now)
        handler?.webSocketWillClose(self, code: code, reason: reason)
    }

    func writeCloseFrame(code: CloseCode?, reason: String) {
        guard !sentClose else { return }
        sentClose = true
        var frame: [UInt8] = []
        if let code {
            FrameWriter.appendCloseFrame(to: &frame, code: code, reason: reason, maskKey: maskKeys?.next())
        } else {
            FrameWriter.appendFrame(to: &frame, opcode: .close, payload: UnsafeRawBufferPointer(start: nil, count: 0), maskKey: maskKeys?.next())
        }
        frame.withUnsafeBytes { stream.write($0) }
    }
}
