import CLibUV

/// A listening TCP socket. Each accepted connection is handed over as a `TCPStream`
/// that is not reading yet: the receiver sets its delegate and starts it.
public final class TCPListener {
    private let handle: UnsafeMutablePointer<uv_tcp_t>
    private let loop: EventLoop
    private var onAccept: ((TCPStream) -> Void)?
    private var onError: ((LoopError) -> Void)?
    private var closed = false

    /// Binds and listens. `backlog` is the kernel's queue of not-yet-accepted connections.
    public init(loop: EventLoop, address: SocketAddress, backlog: Int32 = 1024,
                onError: ((LoopError) -> Void)? = nil,
                onAccept: @escaping (TCPStream) -> Void) throws(LoopError) {
        self.loop = loop
        self.onAccept = onAccept
        self.onError = onError
        handle = .allocate(capacity: 1)
        uv_tcp_init(loop.raw, handle)
        // Unmanaged: the handle reaches its listener through data; released in close_cb.
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
        var status = address.withSockaddr { uv_tcp_bind(handle, $0, 0) }
        if status >= 0 {
            status = uv_listen(asStream(handle), backlog) { server, status in
                let listener = Unmanaged<TCPListener>.fromOpaque(server!.pointee.data).takeUnretainedValue()
                listener.accept(status: status)
            }
        }
        if status < 0 {
            close()
            throw LoopError(status)
        }
    }

    /// The bound address (useful with port 0).
    public var localAddress: SocketAddress? { SocketAddress.read { uv_tcp_getsockname(handle, $0, $1) } }

    private func accept(status: Int32) {
        guard status >= 0 else { onError?(LoopError(status)); return }
        let stream: TCPStream
        do { stream = try TCPStream(loop: loop) } catch { onError?(error); return }
        let accepted = uv_accept(asStream(handle), asStream(stream.handle))
        if accepted < 0 {
            stream.close()
            onError?(LoopError(accepted))
            return
        }
        stream.setNoDelay()
        onAccept?(stream)
    }

    /// Stops accepting. Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        onAccept = nil
        onError = nil
        uv_close(asHandle(handle)) { h in
            let tcp = UnsafeMutableRawPointer(h!).assumingMemoryBound(to: uv_tcp_t.self)
            let owner = Unmanaged<TCPListener>.fromOpaque(tcp.pointee.data)
            tcp.deallocate()
            owner.release()
        }
    }
}
