import CLibUV
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

    /// Runs until `stop()` or until no active handle is left.
    public func run() {
        uv_run(raw, UV_RUN_DEFAULT)
    }

    /// Runs one iteration, waiting for events if `wait` is true.
    @discardableResult
    public func runOnce(wait: Bool = true) -> Bool {
        uv_run(raw, wait ? UV_RUN_ONCE : UV_RUN_NOWAIT) != 0
    }

    /// Makes `run()` return after the current iteration.
    public func stop() { uv_stop(raw) }

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
            uv_stop(async!.pointee.loop)
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
