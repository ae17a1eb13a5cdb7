/// Sends every message back as it came (text as text, binary as binary). The server of
/// `tickwire echo`, used for conformance (Autobahn) and transport benchmarks.
public final class EchoHandler: WebSocketHandler {
    public init() {}

    public func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        connection.sendBinary(payload)
    }

    public func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        connection.sendText(payload)
    }

    public func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) {}
}
