import CLibUV

/// Receives what happens on a stream. Called on the loop thread only.
public protocol TCPStreamDelegate: AnyObject {
    /// Bytes just read. They live in the loop's shared receive buffer and are valid only
    /// during this call; the receiver may modify them in place (e.g. unmask).
    func stream(_ stream: TCPStream, didRead bytes: UnsafeMutableRawBufferPointer)
    /// The stream finished closing, for any reason; `error` is nil after a local `close()`
    /// and the peer's EOF or the failure otherwise. Called exactly once; last call.
    func streamDidClose(_ stream: TCPStream, error: LoopError?)
    /// Every queued byte has been handed to the kernel.
    func streamDidDrain(_ stream: TCPStream)
}

extension TCPStreamDelegate {
    /// Does nothing by default.
    public func streamDidDrain(_ stream: TCPStream) {}
}

/// A TCP connection on a loop. Writes go straight to the socket when they can
/// (`uv_try_write`); what the kernel does not take waits in a queue whose size is known
/// at all times (`queuedBytes`), for backpressure decisions.
public final class TCPStream {
    let handle: UnsafeMutablePointer<uv_tcp_t>
    /// Hears reads, drains and the close. Held strongly, and cleared once the stream has closed.
    public var delegate: (any TCPStreamDelegate)?

    private var queued = OutboundBuffer()
    private var inFlight = OutboundBuffer()
    private var writeRequest: UnsafeMutablePointer<uv_write_t>?
    private var writing = false
    private var shutdownWhenDrained = false
    /// Inside the read callback: writes collect in the loop's cork buffer and leave in one
    /// system call when the callback returns (many replies to one read cost one write).
    private var corked = false
    private var closeError: LoopError?

    /// Set once closing has begun (`close()`, `reset()` or a failure); writes are then ignored.
    public private(set) var isClosing = false
    /// Whether bytes are being delivered: `startReading()` called, not stopped, not closing.
    public private(set) var isReading = false

    /// Bytes accepted by `write` and not yet handed to the kernel.
    public var queuedBytes: Int { queued.count + inFlight.count }

    init(loop: EventLoop) throws(LoopError) {
        handle = .allocate(capacity: 1)
        let status = uv_tcp_init(loop.raw, handle)
        if status < 0 { handle.deallocate(); throw LoopError(status) }
        // Unmanaged: the handle reaches its stream through data; retained until close_cb.
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
    }

    @inline(__always)
    static func from(_ pointer: UnsafeMutableRawPointer) -> TCPStream {
        let tcp = pointer.assumingMemoryBound(to: uv_tcp_t.self)
        return Unmanaged<TCPStream>.fromOpaque(tcp.pointee.data).takeUnretainedValue()
    }

    /// The loop this stream lives on.
    public var loop: EventLoop { EventLoop.from(handle.pointee.loop) }

    /// Disables Nagle's algorithm: game traffic is small messages that must go now.
    public func setNoDelay(_ on: Bool = true) {
        guard !isClosing else { return }
        uv_tcp_nodelay(handle, on ? 1 : 0)
    }

    /// The remote address; nil when the OS cannot tell. Not after `streamDidClose`: the handle is freed.
    public var peerAddress: SocketAddress? { SocketAddress.read { uv_tcp_getpeername(handle, $0, $1) } }

    /// This end's address; nil when the OS cannot tell. Not after `streamDidClose`: the handle is freed.
    public var localAddress: SocketAddress? { SocketAddress.read { uv_tcp_getsockname(handle, $0, $1) } }

    // MARK: Reading

    /// Starts delivering bytes to the delegate. libuv reads at most 32 times per stream
    /// per wakeup, so one busy socket cannot starve the others.
    public func startReading() {
        guard !isClosing, !isReading else { return }
        let status = uv_read_start(asStream(handle), { h, _, buffer in
            let loop = EventLoop.from(h!.pointee.loop)
            buffer!.pointee.base = loop.receiveBuffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            buffer!.pointee.len = loop.receiveBuffer.count
        }, { s, count, _ in
            let stream = TCPStream.from(UnsafeMutableRawPointer(s!))
            stream.didRead(count: count)
        })
        if status < 0 { fail(LoopError(status)) } else { isReading = true }
    }

    /// Stops reading (the kernel buffer then fills and the peer slows down).
    public func stopReading() {
        guard isReading else { return }
        uv_read_stop(asStream(handle))
        isReading = false
    }

    private func didRead(count: Int) {
        if count > 0 {
            let loop = EventLoop.from(handle.pointee.loop)
            let bytes = UnsafeMutableRawBufferPointer(rebasing: loop.receiveBuffer[0..<count])
            corked = true
            delegate?.stream(self, didRead: bytes)
            uncork(loop)
        } else if count < 0 {
            fail(LoopError(Int32(count)))
        }
        // count == 0 is EAGAIN: nothing to do.
    }

    // MARK: Writing

    /// Sends `bytes` (copied when not taken at once, so the buffer may be reused on return).
    /// Ignored once closing or after `closeAfterWriting()`.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        write(bytes, UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Writes two pieces back to back (a frame header and its payload) without joining them first.
    public func write(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) {
        guard !isClosing, !shutdownWhenDrained else { return }
        if corked {
            let loop = self.loop
            loop.corkBuffer.append(first)
            loop.corkBuffer.append(second)
            return
        }
        var skip = 0
        if !writing && queued.isEmpty {
            let written = withUnsafeTemporaryAllocation(of: uv_buf_t.self, capacity: 2) { buffers -> Int32 in
                buffers[0] = uv_buf_t(base: first.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: CChar.self)) }, len: first.count)
                buffers[1] = uv_buf_t(base: second.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: CChar.self)) }, len: second.count)
                return uv_try_write(asStream(handle), buffers.baseAddress, second.count > 0 ? 2 : 1)
            }
            if written == UV_EAGAIN.rawValue {
                skip = 0
            } else if written < 0 {
                fail(LoopError(written))
                return
            } else {
                skip = Int(written)
            }
        }
        if skip < first.count {
            queued.append(UnsafeRawBufferPointer(rebasing: first[skip...]))
            skip = 0
        } else {
            skip -= first.count
        }
        if skip < second.count {
            queued.append(UnsafeRawBufferPointer(rebasing: second[skip...]))
        }
        if !queued.isEmpty && !writing { flushQueue() }
    }

    private func uncork(_ loop: EventLoop) {
        corked = false
        if !loop.corkBuffer.isEmpty {
            if isClosing {
                loop.corkBuffer.clear()
            } else {
                let pending = shutdownWhenDrained
                shutdownWhenDrained = false
                write(loop.corkBuffer.bytes)
                loop.corkBuffer.clear()
                shutdownWhenDrained = pending
            }
        }
        if shutdownWhenDrained && !writing && !isClosing { beginShutdown() }
    }

    private func flushQueue() {
        swap(&queued, &inFlight)
        writing = true
        if writeRequest == nil { writeRequest = .allocate(capacity: 1) }
        var buffer = uv_buf_t(base: inFlight.base!.assumingMemoryBound(to: CChar.self), len: inFlight.count)
        let status = uv_write(writeRequest, asStream(handle), &buffer, 1) { request, status in
            let stream = TCPStream.from(UnsafeMutableRawPointer(request!.pointee.handle))
            stream.didWrite(status: status)
        }
        if status < 0 {
            writing = false
            fail(LoopError(status))
        }
    }

    private func didWrite(status: Int32) {
        writing = false
        inFlight.clear()
        if status < 0 {
            if status != UV_ECANCELED.rawValue { fail(LoopError(status)) }
            return
        }
        if !queued.isEmpty {
            flushQueue()
        } else if shutdownWhenDrained {
            beginShutdown()
        } else {
            delegate?.streamDidDrain(self)
        }
    }

    // MARK: Closing

    /// Flushes what is queued, half-closes the write side, then closes. For answers that
    /// end a connection (an HTTP error, a WebSocket close frame).
    public func closeAfterWriting() {
        guard !isClosing, !shutdownWhenDrained else { return }
        shutdownWhenDrained = true
        if !writing && !corked { beginShutdown() }
    }

    private func beginShutdown() {
        let request = UnsafeMutablePointer<uv_shutdown_t>.allocate(capacity: 1)
        let status = uv_shutdown(request, asStream(handle)) { request, _ in
            let stream = TCPStream.from(UnsafeMutableRawPointer(request!.pointee.handle))
            request!.deallocate()
            stream.close()
        }
        if status < 0 {
            request.deallocate()
            close()
        }
    }

    private func fail(_ error: LoopError) {
        if closeError == nil { closeError = error }
        close()
    }

    /// Closes now; queued bytes are dropped. The delegate hears `streamDidClose` once
    /// libuv has released the handle. Idempotent.
    public func close() {
        guard !isClosing else { return }
        isClosing = true
        isReading = false
        uv_close(asHandle(handle)) { h in
            let stream = TCPStream.from(UnsafeMutableRawPointer(h!))
            stream.didClose()
        }
    }

    /// Closes with a TCP reset instead of a FIN (for abusive peers: no TIME_WAIT).
    public func reset() {
        guard !isClosing else { return }
        isClosing = true
        isReading = false
        let status = uv_tcp_close_reset(handle) { h in
            TCPStream.from(UnsafeMutableRawPointer(h!)).didClose()
        }
        if status < 0 {
            uv_close(asHandle(handle)) { h in TCPStream.from(UnsafeMutableRawPointer(h!)).didClose() }
        }
    }

    private func didClose() {
        let delegate = self.delegate
        self.delegate = nil
        queued.release()
        inFlight.release()
        writeRequest?.deallocate()
        writeRequest = nil
        delegate?.streamDidClose(self, error: closeError)
        // Balance the retain taken in init, after freeing the handle: this may free self.
        let owner = Unmanaged<TCPStream>.fromOpaque(handle.pointee.data)
        handle.deallocate()
        owner.release()
    }
}

extension TCPStream {
    /// Sets the kernel's socket buffer sizes (Linux doubles the value and applies a floor).
    /// Small buffers make a peer that stops reading show up as queued bytes sooner.
    public func setKernelBufferSizes(send: Int32? = nil, receive: Int32? = nil) {
        guard !isClosing else { return }
        if var value = send { _ = uv_send_buffer_size(asHandle(handle), &value) }
        if var value = receive { _ = uv_recv_buffer_size(asHandle(handle), &value) }
    }
}
