import CLibUV
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches a POSIX signal on the loop (SIGINT, SIGTERM) and calls a closure, so shutdown
/// runs on the loop thread like everything else.
public final class SignalWatcher {
    private let handle: UnsafeMutablePointer<uv_signal_t>
    private var callback: ((Int32) -> Void)?
    private var closed = false

    /// Calls `callback` with the signal number, on the loop thread, each time `signal` arrives.
    /// Does not keep the loop running; keeps itself alive until `close()`.
    public init(loop: EventLoop, signal: Int32, _ callback: @escaping (Int32) -> Void) throws(LoopError) {
        handle = .allocate(capacity: 1)
        uv_signal_init(loop.raw, handle)
        self.callback = callback
        // Unmanaged: the handle reaches its owner through data; released in close_cb.
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
        let status = uv_signal_start(handle, { h, signum in
            let owner = Unmanaged<SignalWatcher>.fromOpaque(h!.pointee.data).takeUnretainedValue()
            owner.callback?(signum)
        }, signal)
        if status < 0 { close(); throw LoopError(status) }
        // The signal mask is inherited: a parent that spawned us with this signal blocked
        // (e.g. from a thread that blocks signals) would make it pending forever.
        // Unblock it on the loop's thread so the watcher actually hears it.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        // A signal watcher alone should not keep a finished loop alive.
        uv_unref(asHandle(handle))
    }

    /// Stops watching and frees the handle once libuv is done with it. Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        callback = nil
        uv_close(asHandle(handle)) { h in
            let signal = UnsafeMutableRawPointer(h!).assumingMemoryBound(to: uv_signal_t.self)
            Unmanaged<SignalWatcher>.fromOpaque(signal.pointee.data).release()
            signal.deallocate()
        }
    }
}
