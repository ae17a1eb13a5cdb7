import CLibUV
import CUring
#if canImport(Glibc)
import Glibc
#endif

/// Receives what happens on a stream. Called on the loop thread only.
public protocol TCPStreamDelegate: AnyObject {
    /// Bytes just read. They live in a buffer of the loop's and are valid only during this
    /// call; the receiver may modify them in place (e.g. unmask).
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
/// at all times (`queuedBytes`), for backpressure decisions. After `startTLS`, the
/// delegate reads and writes plaintext and the socket carries TLS.
public final class TCPStream {
    let handle: UnsafeMutablePointer<uv_tcp_t>
    /// Hears reads, drains and the close. Held strongly, and cleared once the stream has closed.
    public var delegate: (any TCPStreamDelegate)?

    private var queued = OutboundBuffer()
    private var inFlight = OutboundBuffer()
    private var writeRequest: UnsafeMutablePointer<uv_write_t>?
    private var writing = false
    /// A member of the loop's open send batch: its queue goes out when the batch flushes.
    private var batched = false
    private var shutdownWhenDrained = false
    /// Inside the read callback: writes collect in the loop's cork buffer and leave in one
    /// system call when the callback returns (many replies to one read cost one write).
    private var corked = false
    private var closeError: LoopError?
    /// Set once the write side began to finish (close_notify sent, shutdown asked).
    private var finishing = false
    private var shutdownStarted = false
    /// The TLS session, after `startTLS`.
    private var tls: TLSChannel?
    /// The peer's close_notify came in this read: the stream ends once the replies to what
    /// came before it have been sent.
    private var peerEndedTLS = false
    /// The tag of this stream's receive in the loop's ring (`EventLoop.enableRingReceives`), or -1.
    private var ringTag: Int32 = -1
    /// The socket's descriptor for batched sends, looked up at the first (it does not change
    /// while the stream is open), or -1.
    private var batchDescriptor: Int32 = -1
    /// What the ring delivered after `stopReading`: handed over at the next `startReading`,
    /// as a socket would have kept it. Made when needed (rarely), so idle streams stay small.
    private var held: HeldReceive?

    /// Set once closing has begun (`close()`, `reset()` or a failure); writes are then ignored.
    public private(set) var isClosing = false
    /// Whether bytes are being delivered: `startReading()` called, not stopped, not closing.
    public private(set) var isReading = false

    /// Bytes accepted by `write` and not yet handed to the kernel, the read callback's
    /// replies waiting in the cork buffer included (limits see them as they are written).
    public var queuedBytes: Int {
        queued.count + inFlight.count + (tls?.pendingPlaintext.count ?? 0) + (corked ? loop.corkBuffer.count : 0)
    }

    /// Whether the stream speaks TLS (`startTLS` was called).
    public var isTLS: Bool { tls != nil }

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

    /// `from`, borrowed for `body` instead of retained and released: for every read's
    /// callback. Unmanaged: the handle's reference keeps the stream alive until close_cb,
    /// which libuv never runs inside another callback (see `EventLoop.borrowing`).
    @inline(__always)
    static func borrowing<Result>(_ pointer: UnsafeMutableRawPointer, _ body: (TCPStream) -> Result) -> Result {
        let tcp = pointer.assumingMemoryBound(to: uv_tcp_t.self)
        return Unmanaged<TCPStream>.fromOpaque(tcp.pointee.data)._withUnsafeGuaranteedRef(body)
    }

    /// The loop this stream lives on.
    public var loop: EventLoop { EventLoop.from(handle.pointee.loop) }
    /// The loop's clock (`EventLoop.nowMilliseconds`), read without taking the loop object:
    /// a connection reads it on every receive.
    public var nowMilliseconds: UInt64 { uv_now(handle.pointee.loop) }

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

    /// Speaks TLS from now on, as the context's role says: a server waits for the
    /// ClientHello, a client sends it at once. `serverName` is the host a client expects
    /// in the certificate. Call before `startReading()` and before any write.
    public func startTLS(_ context: TLSContext, serverName: String? = nil) throws(TLSError) {
        let channel = try TLSChannel(context: context, serverName: serverName)
        tls = channel
        if context.role == .client { advanceHandshake(channel) }
    }

    /// Starts delivering bytes to the delegate. libuv reads at most 32 times per stream
    /// per wakeup, so one busy socket cannot starve the others; so does the kernel for a
    /// loop that receives through its ring.
    public func startReading() {
        guard !isClosing, !isReading else { return }
        if let ring = loop.receiveRing {
            isReading = true
            if held != nil { ring.deliverHeld(of: self) }
            // A held end means the socket has nothing more to give.
            if ringTag < 0 && (held?.end ?? 0) == 0 { receive(from: ring) }
            return
        }
        let status = uv_read_start(asStream(handle), { h, _, buffer in
            let receiveBuffer = EventLoop.borrowing(h!.pointee.loop) { $0.receiveBuffer }
            buffer!.pointee.base = receiveBuffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            buffer!.pointee.len = receiveBuffer.count
        }, { s, count, _ in
            TCPStream.borrowing(UnsafeMutableRawPointer(s!)) { $0.didRead(count: count) }
        })
        if status < 0 { fail(LoopError(status)) } else { isReading = true }
    }

    /// Stops reading (the kernel buffer then fills and the peer slows down).
    public func stopReading() {
        guard isReading else { return }
        if ringTag >= 0 {
            loop.receiveRing?.cancel(Int(ringTag))
        } else {
            uv_read_stop(asStream(handle))
        }
        isReading = false
    }

    private func receive(from ring: ReceiveRing) {
        var fd: uv_os_fd_t = -1
        let status = uv_fileno(asHandle(handle), &fd)
        guard status == 0 else { return fail(LoopError(status)) }
        guard let tag = ring.receive(self, fd: fd) else { return fail(LoopError(UV_ENOBUFS.rawValue)) }
        ringTag = Int32(tag)
    }

    /// Bytes from the loop's ring (valid during this call only).
    func ringDidReceive(_ bytes: UnsafeMutableRawBufferPointer, _ loop: EventLoop) {
        guard !isClosing else { return }
        // Behind held bytes, new ones wait their turn.
        if isReading && held == nil {
            received(bytes, loop)
        } else {
            holding().bytes.append(UnsafeRawBufferPointer(bytes))
        }
    }

    /// The ring's receive ended with `result`: 0 at the peer's end, -errno on failure;
    /// otherwise (stopped, out of buffers) it starts again if the stream still reads.
    func ringReceiveDidEnd(result: Int32) {
        ringTag = -1
        guard !isClosing else { return }
        let end = result == 0 ? UV_EOF.rawValue : (result < 0 && result != -ENOBUFS && result != -ECANCELED ? result : 0)
        if end != 0 {
            if isReading && held == nil { fail(LoopError(end)) } else { holding().end = end }
        } else if isReading, let ring = loop.receiveRing {
            receive(from: ring)
        }
    }

    /// Hands over what the ring delivered while reading was stopped (from the loop, see
    /// `ReceiveRing.deliverHeld(of:)`), unless reading stopped again meanwhile.
    func deliverHeld() {
        guard isReading, !isClosing, let held else { return }
        self.held = nil
        if !held.bytes.isEmpty {
            received(UnsafeMutableRawBufferPointer(mutating: held.bytes.bytes), loop)
        }
        held.bytes.release()
        guard held.end != 0, !isClosing else { return }
        if isReading { fail(LoopError(held.end)) } else { holding().end = held.end }
    }

    private func holding() -> HeldReceive {
        if let held { return held }
        let made = HeldReceive()
        held = made
        return made
    }

    private func didRead(count: Int) {
        if count > 0 {
            EventLoop.borrowing(handle.pointee.loop) { loop in
                received(UnsafeMutableRawBufferPointer(rebasing: loop.receiveBuffer[0..<count]), loop)
            }
        } else if count < 0 {
            fail(LoopError(Int32(count)))
        }
        // count == 0 is EAGAIN: nothing to do.
    }

    /// Hands bytes just read to the delegate (through TLS).
    private func received(_ bytes: UnsafeMutableRawBufferPointer, _ loop: EventLoop) {
        corked = true
        if let tls {
            tls.receive(UnsafeRawBufferPointer(bytes))
            decrypt(tls, loop)
        } else {
            delegate?.stream(self, didRead: bytes)
        }
        uncork(loop)
        if peerEndedTLS { fail(LoopError(UV_EOF.rawValue)) }
    }

    // MARK: TLS

    /// Runs the handshake on what has arrived, then hands every decrypted byte to the delegate.
    private func decrypt(_ tls: TLSChannel, _ loop: EventLoop) {
        if !tls.isEstablished {
            advanceHandshake(tls)
            guard tls.isEstablished, !isClosing else { return }
        }
        let plaintext = loop.tlsPlaintextBuffer
        while !isClosing, self.tls != nil {
            switch tls.read(into: plaintext) {
            case .bytes(let count):
                delegate?.stream(self, didRead: UnsafeMutableRawBufferPointer(rebasing: plaintext[0..<count]))
            case .needMore:
                sendCiphertext(tls)  // e.g. a TLS 1.3 key update's answer
                return
            case .closedByPeer:
                peerEndedTLS = true
                stopReading()
                return
            case .failed(let error):
                failTLS(tls, error)
                return
            }
        }
    }

    private func advanceHandshake(_ tls: TLSChannel) {
        switch tls.advanceHandshake() {
        case .inProgress:
            sendCiphertext(tls)
        case .established:
            sendCiphertext(tls)
            if !tls.pendingPlaintext.isEmpty {
                let failure = tls.encrypt(tls.pendingPlaintext.bytes)
                tls.pendingPlaintext.release()
                if let failure { failTLS(tls, failure) } else { sendCiphertext(tls) }
            }
        case .failed(let error):
            failTLS(tls, error)
        }
    }

    /// Sends the peer OpenSSL's alert, then closes. A peer that spoke plain HTTP gets a
    /// plain-text 400 instead, so a browser shows why.
    private func failTLS(_ tls: TLSChannel, _ error: TLSError) {
        closeError = LoopError(tls: error.description)
        guard error.isPlainHTTP, !tls.isEstablished else {
            sendCiphertext(tls)
            close()
            return
        }
        self.tls = nil
        stopReading()  // nothing more from this peer reaches the delegate
        let body = "this port speaks TLS: use https:// or wss://\n"
        let answer = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        Array(answer.utf8).withUnsafeBytes { sendToSocket($0, UnsafeRawBufferPointer(start: nil, count: 0)) }
        shutdownWhenDrained = true
        finishWriting()
    }

    private func encryptAndSend(_ tls: TLSChannel, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) {
        guard tls.isEstablished else {
            tls.pendingPlaintext.append(first, second)
            return
        }
        var failure: TLSError?
        if second.count == 0 {
            failure = tls.encrypt(first)
        } else {
            // One TLS record for header and payload: join them in the loop's scratch buffer.
            let loop = self.loop
            loop.tlsJoinBuffer.append(first, second)
            failure = tls.encrypt(loop.tlsJoinBuffer.bytes)
            loop.tlsJoinBuffer.clear()
        }
        if let failure { failTLS(tls, failure) } else { sendCiphertext(tls) }
    }

    private func sendCiphertext(_ tls: TLSChannel) {
        tls.takeCiphertext(into: loop.tlsCiphertextBuffer) { sendToSocket($0, UnsafeRawBufferPointer(start: nil, count: 0)) }
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
            loop.corkBuffer.append(first, second)
            return
        }
        if let tls {
            encryptAndSend(tls, first, second)
        } else {
            sendToSocket(first, second)
        }
    }

    /// Bytes as they go on the wire (ciphertext, with TLS).
    private func sendToSocket(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) {
        guard !isClosing else { return }
        var skip = 0
        if !writing && !batched && queued.isEmpty {
            if let batch = loop.sendBatch, batch.isOpen {
                // Joins the open batch: the bytes wait in the queue until it flushes.
                batched = true
                batch.add(self)
            } else {
                guard let written = tryWrite(first, second) else { return }
                skip = written
            }
        }
        // What the kernel did not take: the rest of the first piece, then of the second.
        let skipFirst = min(skip, first.count), skipSecond = min(skip - skipFirst, second.count)
        queued.append(UnsafeRawBufferPointer(rebasing: first[skipFirst...]), UnsafeRawBufferPointer(rebasing: second[skipSecond...]))
        if !queued.isEmpty && !writing && !batched { flushQueue() }
    }

    /// Bytes the kernel took at once (0 when its buffer is full); nil when the stream failed.
    private func tryWrite(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Int? {
        let written = withUnsafeTemporaryAllocation(of: uv_buf_t.self, capacity: 2) { buffers -> Int32 in
            buffers[0] = uv_buf_t(base: first.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: CChar.self)) }, len: first.count)
            buffers[1] = uv_buf_t(base: second.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: CChar.self)) }, len: second.count)
            return uv_try_write(asStream(handle), buffers.baseAddress, second.count > 0 ? 2 : 1)
        }
        if written == UV_EAGAIN.rawValue { return 0 }
        if written < 0 {
            fail(LoopError(written))
            return nil
        }
        return Int(written)
    }

    /// What this stream's batch member sends: its whole queue; nil once closing.
    func batchedSend() -> tw_send? {
        guard !isClosing else { return nil }
        if batchDescriptor < 0 {
            var fd: uv_os_fd_t = -1
            guard uv_fileno(asHandle(handle), &fd) == 0 else { return nil }
            batchDescriptor = fd
        }
        return tw_send(fd: batchDescriptor, base: queued.base.map { UnsafeRawPointer($0) }, length: queued.count)
    }

    /// The batch sent `result` bytes of the queue (or failed with -errno): what is left
    /// goes the usual way.
    func batchDidSend(_ result: Int32) {
        batched = false
        guard !isClosing else { return }
        // Sent: the count, 0...queued. A failure: -errno.
        if result < 0 && result != -EAGAIN {
            fail(LoopError(result))
            return
        }
        queued.removeFirst(Int(max(result, 0)))
        if !queued.isEmpty {
            if !writing { flushQueue() }
        } else if finishing && !writing {
            beginShutdown()
        }
    }

    private func uncork(_ loop: EventLoop) {
        corked = false
        if !loop.corkBuffer.isEmpty {
            if !isClosing {
                if let tls {
                    encryptAndSend(tls, loop.corkBuffer.bytes, UnsafeRawBufferPointer(start: nil, count: 0))
                } else {
                    sendToSocket(loop.corkBuffer.bytes, UnsafeRawBufferPointer(start: nil, count: 0))
                }
            }
            loop.corkBuffer.clear()
        }
        if shutdownWhenDrained && !isClosing { finishWriting() }
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
        } else if finishing {
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
        if let tls, !tls.isEstablished {
            close()  // nothing can reach a peer that has not finished the TLS handshake
            return
        }
        shutdownWhenDrained = true
        if !corked { finishWriting() }
    }

    /// Sends TLS's close_notify, then half-closes once the queue has drained. Once only.
    private func finishWriting() {
        guard !finishing else { return }
        finishing = true
        if let tls {
            tls.shutdown()
            sendCiphertext(tls)
        }
        if !writing && !batched && !isClosing { beginShutdown() }
    }

    private func beginShutdown() {
        guard !shutdownStarted else { return }
        shutdownStarted = true
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
        endRingReceive()
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
        endRingReceive()
        let status = uv_tcp_close_reset(handle) { h in
            TCPStream.from(UnsafeMutableRawPointer(h!)).didClose()
        }
        if status < 0 {
            uv_close(asHandle(handle)) { h in TCPStream.from(UnsafeMutableRawPointer(h!)).didClose() }
        }
    }

    /// A receive in the ring holds the socket open: it is cancelled before the close.
    private func endRingReceive() {
        if ringTag >= 0 { loop.receiveRing?.cancel(Int(ringTag)) }
    }

    private func didClose() {
        let delegate = self.delegate
        self.delegate = nil
        tls = nil
        queued.release()
        inFlight.release()
        held?.bytes.release()
        held = nil
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

/// Bytes, and an end as a libuv status, that a ring receive brought after `stopReading`.
private final class HeldReceive {
    var bytes = OutboundBuffer()
    var end: Int32 = 0
}
