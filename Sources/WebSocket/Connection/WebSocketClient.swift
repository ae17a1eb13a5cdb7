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
    /// connection (set its handler there) or the reason it failed. A server that accepts
    /// the TCP connection but does not answer the upgrade within `handshakeTimeoutMilliseconds`
    /// fails it too. With `tls`, the connection is wss://: the server's certificate must
    /// name `host` (unless the context does not verify).
    public static func connect(loop: EventLoop, host: String, port: Int, path: String = "/",
                               subprotocols: [String] = [], limits: WebSocketLimits = .init(),
                               tls: TLSContext? = nil,
                               handshakeTimeoutMilliseconds: UInt64 = 10_000,
                               completion: @escaping (Result<WebSocketConnection, WebSocketClientError>) -> Void) {
        SocketAddress.resolve(loop: loop, host: host, port: port) { resolved in
            switch resolved {
            case .failure(let error):
                completion(.failure(.connectFailed("cannot resolve \(host):\(port): \(error)")))
            case .success(let address):
                open(loop: loop, address: address, host: host, port: port, path: path, subprotocols: subprotocols,
                     limits: limits, tls: tls, handshakeTimeoutMilliseconds: handshakeTimeoutMilliseconds, completion: completion)
            }
        }
    }

    private static func open(loop: EventLoop, address: SocketAddress, host: String, port: Int, path: String,
                             subprotocols: [String], limits: WebSocketLimits, tls: TLSContext?,
                             handshakeTimeoutMilliseconds: UInt64,
                             completion: @escaping (Result<WebSocketConnection, WebSocketClientError>) -> Void) {
        TCPStream.connect(loop: loop, to: address) { result in
            switch result {
            case .failure(let error):
                completion(.failure(.connectFailed("\(host):\(port): \(error)")))
            case .success(let stream):
                if let tls {
                    do { try stream.startTLS(tls, serverName: host) } catch {
                        stream.close()
                        completion(.failure(.connectFailed("\(host):\(port): \(error)")))
                        return
                    }
                }
                var system = SystemRandomNumberGenerator()
                let key = (0..<16).map { _ in UInt8.random(in: 0...255, using: &system) }
                let handshake = ClientHandshake(host: "\(host):\(port)", path: path, subprotocols: subprotocols, key: key)
                let connection = WebSocketConnection(role: .client, stream: stream, limits: limits, now: loop.nowMilliseconds)
                connection.clientHandshake = handshake
                // One timer for this handshake only, closed (and its hold on the connection
                // let go) as soon as the handshake ends either way. Not a weak capture: that
                // would give the connection a side table and slow its every retain.
                let deadline = LoopTimer(loop: loop)
                connection.onClientResult = { result in
                    deadline.close()
                    completion(result)
                }
                deadline.start(delay: handshakeTimeoutMilliseconds) {
                    guard connection.isHandshaking else { return }
                    connection.abort(reason: "no upgrade answer within \(handshakeTimeoutMilliseconds) ms")
                }
                stream.delegate = connection
                handshake.requestBytes.withUnsafeBytes { stream.write($0) }
                stream.startReading()
            }
        }
    }
}
