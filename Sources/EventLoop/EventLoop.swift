import CLibUV
import CUring
#if canImport(Glibc)
import Glibc
#endif

/// One libuv loop and everything that runs on it. Not thread-safe by design: every handle
/// created from a loop is used only on the thread that calls `run()`. The one exception
/// is `stopFromAnyThread()`, which goes through a libuv async handle.
public final class EventLoop {
    let raw: UnsafeMutablePointer<uv_loop_t>
    /// One receive buffer for every stream on the loop: libuv reads one stream at a time and
    /// hands the bytes to us before the next read, so no stream needs its own.
    let receiveBuffer: UnsafeMutableRawBufferPointer
    /// Where a stream's writes collect while it handles a read (see `TCPStream`): shared,
    /// because only one stream is inside its read callback at a time.
    var corkBuffer = OutboundBuffer()
    /// Where a TLS stream joins a frame header and its payload into one record.
    var tlsJoinBuffer = OutboundBuffer()
    private var plaintextStorage: UnsafeMutableRawBufferPointer?
    private var ciphertextStorage: UnsafeMutableRawBufferPointer?
    private var waker: LoopWaker?
    /// Set by `enableBatchedSends()`: io_uring submissions for `batchingSends`.
    private(set) var sendBatch: SendBatch?
    /// Set by `enableRingReceives()`: the ring the loop waits in and streams receive through.
    private(set) var receiveRing: ReceiveRing?
    /// `stop()` was called: with a ring, libuv's own stop flag lasts only one of its runs.
    private var stopRequested = false
    /// With a ring, an active libuv handle while streams receive there: libuv runs nothing
    /// (its async waker, signals) on a loop it thinks has nothing left.
    private var ringKeepAlive: UnsafeMutablePointer<uv_prepare_t>?
    private var ringKeepAliveIsActive = false

    /// Size of the loop's shared receive buffer: the most bytes one read delivers.
    public static let receiveBufferSize = 64 * 1024

    /// A new loop. Also ignores SIGPIPE process-wide, so writing to a vanished peer is an
    /// error, not the end of the process.
    public init() throws(LoopError) {
        // A peer that vanishes mid-write must be an EPIPE error, not a process-killing signal.
        signal(SIGPIPE, SIG_IGN)
        raw = .allocate(capacity: 1)
        try LoopError.check(uv_loop_init(raw))
        receiveBuffer = .allocate(byteCount: Self.receiveBufferSize, alignment: 16)
        // Unmanaged: C callbacks find the owning loop through uv_loop_t.data; the loop outlives its handles.
        raw.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        waker = try LoopWaker(loop: self)
    }

    deinit {
        waker?.close()
        waker = nil
        if let ringKeepAlive {
            uv_close(asHandle(ringKeepAlive)) { h in
                UnsafeMutableRawPointer(h!).assumingMemoryBound(to: uv_prepare_t.self).deallocate()
            }
        }
        // Let pending close callbacks run so every handle's memory is released.
        uv_run(raw, UV_RUN_NOWAIT)
        _ = uv_loop_close(raw)
        raw.deallocate()
        receiveBuffer.deallocate()
        corkBuffer.release()
        tlsJoinBuffer.release()
        plaintextStorage?.deallocate()
        ciphertextStorage?.deallocate()
    }

    /// Sends made inside `batchingSends` go to the kernel in one io_uring submission from
    /// now on. False, and nothing changes, when the kernel refuses io_uring.
    @discardableResult
    public func enableBatchedSends() -> Bool {
        if sendBatch == nil { sendBatch = SendBatch() }
        return sendBatch != nil
    }

    /// Streams that start reading from now on receive through io_uring, and the loop waits
    /// in its ring rather than in libuv's epoll. With `gatherMicroseconds`, while at least
    /// 64 streams receive there, a wait that has begun lasts at least that long (or until
    /// the next timer), and hands over everything that came meanwhile together: fewer
    /// wakeups, each message up to that much later.
    /// False, and nothing changes, when the kernel cannot (before Linux 6.1, or io_uring
    /// refused); see `gathersReceives` for the gathering (Linux 6.12).
    @discardableResult
    public func enableRingReceives(gatherMicroseconds: UInt32 = 0) -> Bool {
        if receiveRing == nil, let ring = ReceiveRing() {
            let keepAlive = UnsafeMutablePointer<uv_prepare_t>.allocate(capacity: 1)
            uv_prepare_init(raw, keepAlive)
            ringKeepAlive = keepAlive
            receiveRing = ring
        }
        receiveRing?.gatherMicroseconds = gatherMicroseconds
        return receiveRing != nil
    }

    /// Whether waits gather receives, as `enableRingReceives(gatherMicroseconds:)` asked.
    public var gathersReceives: Bool {
        guard let receiveRing else { return false }
        return receiveRing.gatherMicroseconds > 0 && receiveRing.canGather
    }

    /// Runs `body`, then hands every send it made on a plain stream with nothing in flight
    /// to the kernel at once (after `enableBatchedSends()`; otherwise each send goes when made).
    public func batchingSends(_ body: () -> Void) {
        guard let sendBatch, !sendBatch.isOpen else { return body() }
        sendBatch.open()
        body()
        if !sendBatch.flush() { self.sendBatch = nil }  // a failed ring is not used again
    }

    /// Where TLS streams decrypt into before the delegate reads: shared like the receive
    /// buffer, and allocated only on a loop that speaks TLS.
    var tlsPlaintextBuffer: UnsafeMutableRawBufferPointer {
        if let plaintextStorage { return plaintextStorage }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.receiveBufferSize, alignment: 16)
        plaintextStorage = buffer
        return buffer
    }

    /// Where TLS streams take OpenSSL's output before it goes to the socket.
    var tlsCiphertextBuffer: UnsafeMutableRawBufferPointer {
        if let ciphertextStorage { return ciphertextStorage }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.receiveBufferSize, alignment: 16)
        ciphertextStorage = buffer
        return buffer
    }

    /// Runs until `stop()` or until no active handle is left. Not from inside one of the
    /// loop's own callbacks: streams are lent to them, not retained, for the callback only.
    public func run() {
        guard let receiveRing else {
            uv_run(raw, UV_RUN_DEFAULT)
            return
        }
        defer { stopRequested = false }
        var libuvHasWork = true
        while !stopRequested, let next = turn(receiveRing, runLibuv: libuvHasWork, wait: true) {
            libuvHasWork = next
        }
    }

    /// Runs one iteration, waiting for events if `wait` is true, and the callbacks of what
    /// came. Whether anything is left that could keep the loop running. Not from inside one
    /// of the loop's own callbacks (see `run`).
    @discardableResult
    public func runOnce(wait: Bool = true) -> Bool {
        guard let receiveRing else { return uv_run(raw, wait ? UV_RUN_ONCE : UV_RUN_NOWAIT) != 0 }
        defer { stopRequested = false }
        guard let libuvHasWork = turn(receiveRing, runLibuv: true, wait: wait) else { return false }
        if libuvHasWork && !stopRequested { runLibuv(receiveRing) }
        return uv_loop_alive(raw) != 0
    }

    /// One turn of a loop that waits in its ring: libuv's phases without waiting (timers,
    /// its descriptors, closes), then a wait for receives, libuv's descriptors or the next
    /// timer. Whether libuv has work for the next turn; nil when nothing is left to run.
    private func turn(_ ring: ReceiveRing, runLibuv libuvHasWork: Bool, wait: Bool) -> Bool? {
        if libuvHasWork { runLibuv(ring) }
        guard !stopRequested, uv_loop_alive(raw) != 0 else { return nil }
        let timeout = wait && !ring.hasHeldToDeliver ? uv_backend_timeout(raw) : 0
        ring.wait(loopDescriptor: uv_backend_fd(raw), timeout: timeout)
        uv_update_time(raw)  // read callbacks see the time they were woken at
        let loopReady = ring.dispatch(self)
        uv_update_time(raw)  // a timer that came due while reads were handled fires now
        return loopReady || uv_backend_timeout(raw) == 0 || tw_loop_has_pending_watchers(raw) != 0
            || (ring.activeCount > 0) != ringKeepAliveIsActive
    }

    /// libuv's phases without waiting, with the keep-alive handle active while the ring has
    /// receives (they are invisible to libuv).
    private func runLibuv(_ ring: ReceiveRing) {
        keepLibuvAlive(while: ring)
        uv_run(raw, UV_RUN_NOWAIT)
        keepLibuvAlive(while: ring)
        // Watchers started after libuv's poll (by a close callback, say) reach epoll only
        // in its next poll: run it before a wait that epoll could not end.
        while tw_loop_has_pending_watchers(raw) != 0 && uv_loop_alive(raw) != 0 && !stopRequested {
            uv_run(raw, UV_RUN_NOWAIT)
            keepLibuvAlive(while: ring)
        }
    }

    private func keepLibuvAlive(while ring: ReceiveRing) {
        guard (ring.activeCount > 0) != ringKeepAliveIsActive else { return }
        ringKeepAliveIsActive.toggle()
        if ringKeepAliveIsActive { uv_prepare_start(ringKeepAlive) { _ in } } else { uv_prepare_stop(ringKeepAlive) }
    }

    /// Makes `run()` return after the current iteration.
    public func stop() {
        // With a ring every libuv run is a single pass: libuv's flag would outlive it.
        if receiveRing != nil { stopRequested = true } else { uv_stop(raw) }
    }

    /// Safe from any thread: wakes the loop and stops it.
    public func stopFromAnyThread() { waker?.wake() }

    /// Loop time in milliseconds, cached at the start of the iteration (cheap).
    public var nowMilliseconds: UInt64 { uv_now(raw) }

    /// Monotonic clock in nanoseconds (not cached).
    public static func monotonicNanoseconds() -> UInt64 { uv_hrtime() }

    static func from(_ loop: UnsafeMutablePointer<uv_loop_t>?) -> EventLoop {
        Unmanaged<EventLoop>.fromOpaque(loop!.pointee.data!).takeUnretainedValue()
    }

    /// `from`, borrowed for `body` instead of retained and released: for the callbacks of
    /// every read. Unmanaged: libuv calls back only inside `run`, whose caller holds the
    /// loop. (`_withUnsafeGuaranteedRef` is underscored: the standard library's only call
    /// without the retain.)
    @inline(__always)
    static func borrowing<Result>(_ loop: UnsafeMutablePointer<uv_loop_t>?, _ body: (EventLoop) -> Result) -> Result {
        Unmanaged<EventLoop>.fromOpaque(loop!.pointee.data!)._withUnsafeGuaranteedRef(body)
    }
}

/// The libuv async handle behind `stopFromAnyThread`. Unreferenced, so it never keeps the
/// loop alive by itself.
final class LoopWaker {
    private let handle: UnsafeMutablePointer<uv_async_t>
    private let sendTarget: SendablePointer

    init(loop: EventLoop) throws(LoopError) {
        handle = .allocate(capacity: 1)
        let status = uv_async_init(loop.raw, handle) { async in
            EventLoop.from(async!.pointee.loop).stop()
        }
        if status < 0 { handle.deallocate(); throw LoopError(status) }
        uv_unref(UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self))
        sendTarget = SendablePointer(handle)
    }

    func wake() { uv_async_send(sendTarget.pointer) }

    func close() {
        uv_close(UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self)) { h in
            UnsafeMutableRawPointer(h!).assumingMemoryBound(to: uv_async_t.self).deallocate()
        }
    }
}

/// A libuv async handle pointer, which uv_async_send allows to use from any thread.
struct SendablePointer: @unchecked Sendable {  // uv_async_send is the one thread-safe libuv call
    let pointer: UnsafeMutablePointer<uv_async_t>
    init(_ pointer: UnsafeMutablePointer<uv_async_t>) { self.pointer = pointer }
}
