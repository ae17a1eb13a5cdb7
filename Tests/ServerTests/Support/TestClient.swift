import Arena
import EventLoop
import GameCore
import Replication
import WebSocket
import Wire

/// A raw protocol client for tests: sends `ClientMessage`s, records every server message,
/// decodes snapshots against its own ring and acknowledges them like a real client.
final class TestClient: WebSocketHandler {
    var connection: WebSocketConnection?
    var connectError: WebSocketClientError?
    var messages: [ServerMessage] = []
    var closed: (code: CloseCode, reason: String)?
    var welcome: Welcome?
    var roster: [RosterEntry] = []
    var snapshotHeaders: [SnapshotHeader] = []
    var snapshotErrors: [SnapshotError] = []
    var ring = SnapshotRing()
    var world = WorldState()
    var sequence: UInt32 = 0
    /// Acknowledge snapshots (with `ack` messages) as they arrive.
    var autoAck = true
    var lastAppliedTick: UInt32 = 0

    var errors: [(code: ErrorCode, message: String)] {
        messages.compactMap { message in
            if case .error(let code, let text) = message { return (code, text) }
            return nil
        }
    }

    static func connect(loop: EventLoop, port: Int, subprotocols: [String] = [ProtocolVersion.subprotocol],
                        onOpen: ((TestClient) -> Void)? = nil) -> TestClient {
        let client = TestClient()
        WebSocketClient.connect(loop: loop, host: "127.0.0.1", port: port, subprotocols: subprotocols) { result in
            switch result {
            case .success(let connection):
                connection.handler = client
                client.connection = connection
                onOpen?(client)
            case .failure(let error):
                client.connectError = error
            }
        }
        return client
    }

    var isOpen: Bool { connection?.isOpen ?? false }

    func send(_ message: ClientMessage) {
        message.encoded(layout: welcome?.inputLayout).withUnsafeBytes { connection?.sendBinary($0) }
    }

    func sendRaw(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { connection?.sendBinary($0) }
    }

    func join(_ name: String, _ target: JoinTarget = .any) {
        send(.join(version: ProtocolVersion.current, name: name, target: target))
    }

    func input(moveX: Int8 = 0, moveY: Int8 = 0, aim: UInt16 = 0, fire: Bool = false) {
        sequence += 1
        send(.input(ack: lastAppliedTick, input: ArenaInput.make(sequence: sequence, moveX: moveX, moveY: moveY, aim: aim,
                                                                 fire: fire)))
    }

    var view: ArenaView { ArenaView(state: world) }

    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        let bytes = Array(payload)
        guard let message = try? ServerMessage.decode(bytes[...]) else {
            messages.append(.error(code: .malformedMessage, message: "test client could not decode \(bytes.prefix(8))"))
            return
        }
        messages.append(message)
        switch message {
        case .welcome(let w), .spectating(let w):
            welcome = w
            ring.removeAll()
            lastAppliedTick = 0
        case .roster(let entries):
            roster = entries
        case .snapshot(let body):
            do {
                let header = try SnapshotDecoder.decode(body[...], baselines: ring, schema: welcome?.schema ?? ArenaSchema.schema, into: &world)
                ring.store(world)
                snapshotHeaders.append(header)
                lastAppliedTick = header.tick
                if autoAck { send(.ack(tick: header.tick)) }
            } catch {
                snapshotErrors.append(error)
            }
        default:
            break
        }
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) {
        closed = (code, reason)
    }
}
