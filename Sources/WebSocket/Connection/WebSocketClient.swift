import EventLoop

public enum WebSocketClientError: Error, Equatable, CustomStringConvertible, Sendable {
    case connectFailed(String)
    case handshakeFailed(String)

    public var description: String {
        switch self {
        case .connectFailed(let reason): return "could not connect: \(reason)"
        case .handshakeFailed(let reason): return "WebSocket handshake failed: \(reason)"
        }
    }
}

/// Opens client-side WebSockets (bots, spectator, benchmarks).
public enum WebSocketClient {
    /// Connects, performs the upgrade and calls `completion` on the loop with the open
    /// connection (set its handler there) or the reason it failed.
    public static func connect(loop: EventLoop, host: String, port: Int, path: String = "/",
                               subprotocols: [String] = [], limits: WebSocketLimits = .init(),
                               completion: @escaping (Result<WebSocketConnection, WebSocketClientError>) -> Void) {
        let address: SocketAddress
        do { address = try SocketAddress(host: host, port: port) } catch {
            completion(.failure(.connectFailed("bad address \(host):\(port): \(error)")))
            return
        }
        TCPStream.connect(loop: loop, to: address) { result in
            switch result {
            case .failure(let error):
                completion(.failure(.connectFailed("\(host):\(port): \(error)")))
            case .success(let stream):
                var system = SystemRandomNumberGenerator()
                let key = (0..<16).map { _ in UInt8.random(in: 0...255, using: &system) }
                let handshake = ClientHandshake(host: "\(host):\(port)", path: path, subprotocols: subprotocols, key: key)
                let connection = WebSocketConnection(role: .client, stream: stream, limits: limits, now: loop.nowMilliseconds)
                connection.clientHandshake = handshake
                connection.onClientResult = completion
                stream.delegate = connection
                handshake.requestBytes.withUnsafeBytes { stream.write($0) }
                stream.startReading()
            }
        }
    }
}
