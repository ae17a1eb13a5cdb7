import EventLoop

/// Accepts TCP connections, runs the HTTP upgrade, answers plain HTTP requests, and keeps
/// the open WebSockets. One coarse sweep timer enforces handshake deadlines and close
/// timeouts for every connection: no timer per socket.
public final class WebSocketServer {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var backlog: Int32
        public var handshake: ServerHandshakeConfig
        public var handshakeLimits: HandshakeLimits
        public var limits: WebSocketLimits
        /// How long a connection may stay in each phase; the sweep enforces them.
        public var deadlines: ConnectionDeadlines
        public var sweepIntervalMilliseconds: UInt64
        /// Open connections (handshaking included) beyond which new ones are refused with 503.
        public var maxConnections: Int
        /// Connections still in their HTTP upgrade beyond which new ones are refused with 503.
        public var maxHandshakes: Int
        /// TCP connections from one peer address (upgrading, open or plain HTTP) beyond
        /// which new ones are refused with 429 at once; 0 = no limit.
        public var maxConnectionsPerAddress: Int

        public init(host: String = "0.0.0.0", port: Int = 7777, backlog: Int32 = 1024,
                    handshake: ServerHandshakeConfig = .init(), handshakeLimits: HandshakeLimits = .init(),
                    limits: WebSocketLimits = .init(), deadlines: ConnectionDeadlines = .init(),
                    sweepIntervalMilliseconds: UInt64 = 1_000,
                    maxConnections: Int = 100_000, maxHandshakes: Int = 10_000,
                    maxConnectionsPerAddress: Int = 0) {
            self.host = host
            self.port = port
            self.backlog = backlog
            self.handshake = handshake
            self.handshakeLimits = handshakeLimits
            self.limits = limits
            self.deadlines = deadlines
            self.sweepIntervalMilliseconds = sweepIntervalMilliseconds
            self.maxConnections = maxConnections
            self.maxHandshakes = maxHandshakes
            self.maxConnectionsPerAddress = maxConnectionsPerAddress
        }
    }

    /// Plain counters; the game server exports them as counters.
    public struct Counters: Sendable {
        public var accepted = 0
        public var upgrades = 0
        public var handshakesRejected = 0
        public var handshakeTimeouts = 0
        /// Plain HTTP answers the peer did not read in time (reset).
        public var responseTimeouts = 0
        /// Closing handshakes not finished in time, queue included (reset).
        public var closeTimeouts = 0
        /// Open connections that received nothing for the silence deadline (reset).
        public var silenceTimeouts = 0
        public var refusedOverCapacity = 0
        public var refusedHandshakes = 0
        public var refusedPerAddress = 0
        /// Connections closed with 1009 (message or fragments over the limit).
        public var messagesTooBig = 0
        /// TLS connections that failed: a broken or foreign handshake, plain HTTP, a bad record.
        public var tlsFailures = 0
    }

    public let loop: EventLoop
    public let configuration: Configuration
    public internal(set) var counters = Counters()
    /// Answers a request that is not an upgrade (e.g. /health). The connection closes after.
    public var httpResponder: (HTTPRequestHead) -> [UInt8]
    /// Called when a connection is upgraded; set its handler here.
    public var onOpen: (WebSocketConnection, HTTPRequestHead, String?) -> Void
    /// Last word on an upgrade that passed the RFC checks: return an HTTP response to
    /// refuse it (limits, auth), nil to accept.
    public var admission: ((WebSocketConnection, HTTPRequestHead) -> [UInt8]?)?
    /// Runs at every sweep, after the server's own checks (for heartbeats and idle players).
    public var onSweep: ((UInt64) -> Void)?
    /// With a context, every new connection speaks TLS (wss://, https://). Replace it to
    /// reload the certificate: connections keep the context they started with.
    public var tlsContext: TLSContext?

    private var listener: TCPListener?
    private var sweepTimer: LoopTimer?
    /// Live connections per peer host, when `maxConnectionsPerAddress` is set.
    private var perAddress: [String: Int] = [:]
    /// Connections accepted that have not finished (or failed) their upgrade.
    public internal(set) var handshaking = 0
    /// Every connection not yet closed, handshaking ones included.
    public private(set) var connections: [WebSocketConnection] = []

    public init(loop: EventLoop, configuration: Configuration,
                httpResponder: @escaping (HTTPRequestHead) -> [UInt8] = WebSocketServer.defaultResponder,
                onOpen: @escaping (WebSocketConnection, HTTPRequestHead, String?) -> Void) throws(LoopError) {
        self.loop = loop
        self.configuration = configuration
        self.httpResponder = httpResponder
        self.onOpen = onOpen
        let address = try SocketAddress(host: configuration.host, port: configuration.port)
        listener = try TCPListener(loop: loop, address: address, backlog: configuration.backlog) { [unowned self] stream in
            self.accept(stream)
        }
        let timer = LoopTimer(loop: loop)
        timer.start(delay: configuration.sweepIntervalMilliseconds, repeat: configuration.sweepIntervalMilliseconds) { [unowned self] in
            self.sweep()
        }
        sweepTimer = timer
    }

    // A server dropped without `shutdown()` must not leave its listener or sweep armed.
    deinit {
        listener?.close()
        sweepTimer?.close()
    }

    /// The bound port (useful with port 0).
    public var port: Int { listener?.localAddress?.port ?? 0 }

    /// `GET /health` answers 200; anything else 404, or 405 for methods other than GET/HEAD.
    public static func defaultResponder(_ head: HTTPRequestHead) -> [UInt8] {
        guard head.method == "GET" || head.method == "HEAD" else {
            return HTTPResponse.make(status: 405, reason: "Method Not Allowed", body: Array("method not allowed\n".utf8))
        }
        if head.target == "/health" {
            return HTTPResponse.make(status: 200, reason: "OK", headers: [HTTPHeader(name: "Content-Type", value: "text/plain")], body: Array("ok\n".utf8))
        }
        return HTTPResponse.make(status: 404, reason: "Not Found", body: Array("not found\n".utf8))
    }

    private func accept(_ stream: TCPStream) {
        counters.accepted += 1
        let now = loop.nowMilliseconds
        let connection = WebSocketConnection(role: .server, stream: stream, limits: configuration.limits, now: now)
        connection.requestParser = HTTPRequestParser(limits: configuration.handshakeLimits)
        stream.delegate = connection
        if let tlsContext {
            do { try stream.startTLS(tlsContext) } catch {
                counters.tlsFailures += 1
                stream.close()
                return
            }
        }
        var host: String?
        if configuration.maxConnectionsPerAddress > 0 {
            host = stream.peerAddress?.host
            if let host, perAddress[host, default: 0] >= configuration.maxConnectionsPerAddress {
                counters.refusedPerAddress += 1
                let body = "too many connections from \(host) (limit \(configuration.maxConnectionsPerAddress))\n"
                refuse(connection, HTTPResponse.make(status: 429, reason: "Too Many Requests", body: Array(body.utf8)))
                return
            }
        }
        let overConnections = connections.count >= configuration.maxConnections
        if overConnections || handshaking >= configuration.maxHandshakes {
            if overConnections { counters.refusedOverCapacity += 1 } else { counters.refusedHandshakes += 1 }
            refuse(connection, HTTPResponse.make(status: 503, reason: "Service Unavailable", body: Array("server full\n".utf8)))
            return
        }
        connection.server = self
        if let host {
            connection.countedHost = host
            perAddress[host, default: 0] += 1
        }
        connection.serverIndex = connections.count
        connections.append(connection)
        handshaking += 1
        stream.startReading()
    }

    /// Answers a connection refused at accept. It is not listed (it must not count against
    /// the limits it breached); the answer is small enough for the kernel to take at once,
    /// so the connection ends without waiting on the peer.
    private func refuse(_ connection: WebSocketConnection, _ response: [UInt8]) {
        connection.respondAndClose(response)
    }

    func admit(_ connection: WebSocketConnection, head: HTTPRequestHead, subprotocol: String?) -> [UInt8]? {
        admission?(connection, head)
    }

    func remove(_ connection: WebSocketConnection) {
        let index = connection.serverIndex
        guard index >= 0, index < connections.count, connections[index] === connection else { return }
        let last = connections.removeLast()
        if index < connections.count {
            connections[index] = last
            last.serverIndex = index
        }
        connection.serverIndex = -1
        if let host = connection.countedHost, let count = perAddress[host] {
            perAddress[host] = count > 1 ? count - 1 : nil
        }
    }

    private func sweep() {
        let now = loop.nowMilliseconds
        // Iterate over a snapshot: closing may reorder the list.
        for connection in connections {
            switch connection.lifecycle.sweep(now: now, deadlines: configuration.deadlines) {
            case nil:
                break
            case .answerHandshakeTimeout:
                counters.handshakeTimeouts += 1
                connection.respondAndClose(HTTPResponse.make(status: 408, reason: "Request Timeout", body: Array("handshake timeout\n".utf8)))
            case .reset(let phase):
                switch phase {
                case .respondingHTTP: counters.responseTimeouts += 1
                case .open: counters.silenceTimeouts += 1
                default: counters.closeTimeouts += 1
                }
                connection.reset(reason: "\(phase) deadline passed")
            }
        }
        onSweep?(now)
    }

    /// Stops accepting new connections; open ones stay.
    public func stopAccepting() {
        listener?.close()
        listener = nil
    }

    /// Stops accepting and starts closing every connection with `code`. The sweep timer
    /// stays until `shutdown()` so close timeouts still apply.
    public func closeAll(code: CloseCode = .goingAway, reason: String = "server shutting down") {
        stopAccepting()
        for connection in connections {
            if connection.isOpen { connection.close(code: code, reason: reason) } else { connection.stream.close() }
        }
    }

    /// Releases the listener and the sweep timer; the loop can then finish once the
    /// remaining connections have closed.
    public func shutdown() {
        stopAccepting()
        sweepTimer?.close()
        sweepTimer = nil
        for connection in connections where !connection.isOpen {
            connection.stream.close()
        }
    }
}
