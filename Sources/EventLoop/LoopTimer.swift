import CLibUV

/// A libuv timer calling a closure on the loop. Few of these exist (room ticks, the
/// sweep), so a closure per timer is fine; sockets have no timers of their own.
public final class LoopTimer {
    private let handle: UnsafeMutablePointer<uv_timer_t>
    private var callback: (() -> Void)?
    private var closed = false

    /// A stopped timer on `loop`. It keeps itself alive until `close()`: always close it.
    public init(loop: EventLoop) {
        handle = .allocate(capacity: 1)
        uv_timer_init(loop.raw, handle)
        // Unmanaged: the handle reaches its owner through data; the owner is retained until close_cb.
        handle.pointee.data = Unmanaged.passRetained(self).toOpaque()
    }

    /// Fires after `delay` ms, then every `repeat` ms (0 = once). Replaces any earlier schedule.
    public func start(delay: UInt64, repeat interval: UInt64 = 0, _ callback: @escaping () -> Void) {
        guard !closed else { return }
        self.callback = callback
        uv_timer_start(handle, { timer in
            let owner = Unmanaged<LoopTimer>.fromOpaque(timer!.pointee.data).takeUnretainedValue()
            owner.callback?()
        }, delay, interval)
    }

    /// Cancels the schedule; `start` may be called again. Does nothing once closed.
    public func stop() {
        guard !closed else { return }
        uv_timer_stop(handle)
    }

    /// A timer that should not keep the loop running on its own.
    public func unref() { uv_unref(asHandle(handle)) }

    /// Stops the timer and frees it once libuv is done with it. Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        callback = nil
        uv_close(asHandle(handle)) { h in
            let timer = UnsafeMutableRawPointer(h!).assumingMemoryBound(to: uv_timer_t.self)
            Unmanaged<LoopTimer>.fromOpaque(timer.pointee.data).release()
            timer.deallocate()
        }
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool { closed }
}
