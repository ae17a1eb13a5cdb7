/// Receives what happens on an open WebSocket. Called on the loop thread only. Payload
/// pointers are valid only during the call.
public protocol WebSocketHandler: AnyObject {
    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer)
    func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer)
    func webSocketDidReceivePong(_ connection: WebSocketConnection, payload: UnsafeRawBufferPointer)
    /// The connection stopped being open: a close frame went out or came in, or the TCP
    /// connection was lost. Nothing more is delivered; `webSocketDidClose` follows when the
    /// socket is gone. Called once.
    func webSocketWillClose(_ connection: WebSocketConnection, code: CloseCode, reason: String)
    /// The connection is gone. `code` is the close code exchanged (1006 when the TCP
    /// connection was lost without a close frame). Last call.
    func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String)
}

extension WebSocketHandler {
    public func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        // Tickwire speaks binary; text is refused unless a handler says otherwise.
        connection.close(code: .unsupportedData, reason: "text messages are not accepted")
    }
    public func webSocketDidReceivePong(_ connection: WebSocketConnection, payload: UnsafeRawBufferPointer) {}
    public func webSocketWillClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) {}
}
