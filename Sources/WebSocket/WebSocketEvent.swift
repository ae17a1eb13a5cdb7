/// What the reader hands up. Payload pointers are valid ONLY during the callback: they
/// point into the caller's read buffer or the reader's reassembly buffer. Copy to keep.
public enum WebSocketEvent {
    /// A complete, UTF-8-validated text message.
    case text(UnsafeRawBufferPointer)
    /// A complete binary message.
    case binary(UnsafeRawBufferPointer)
    case ping(UnsafeRawBufferPointer)
    case pong(UnsafeRawBufferPointer)
    /// The peer's close frame. `code` is nil when the body was empty; a present code is
    /// valid on the wire and `reason` is valid UTF-8.
    case close(code: UInt16?, reason: UnsafeRawBufferPointer)
}
