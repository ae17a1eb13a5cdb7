import CLibUV
import CUring
#if canImport(Glibc)
import Glibc
#endif

/// Sends gathered over one pass of work (a tick of every room) and handed to the kernel
/// together through io_uring: one system call for all of them instead of one `writev` per
/// stream. While a batch is open, a stream with nothing in flight queues its bytes and
/// joins the batch; `flush` sends each member's queue and leaves what the kernel did not
/// take to the stream's usual libuv write.
final class SendBatch {
    private let ring: OpaquePointer
    /// Unmanaged: each member is retained once, from `add` until its flush is done, so the
    /// flush's calls borrow it instead of retaining and releasing it around each call.
    private var members: [Unmanaged<TCPStream>] = []
    private var sends: [tw_send] = []
    private var results: [Int32] = []
    private(set) var isOpen = false

    /// Nil when the kernel refuses io_uring or its send operation.
    init?(entries: UInt32 = 1024) {
        guard let ring = tw_uring_create(entries) else { return nil }
        self.ring = ring
    }

    deinit {
        for member in members { member.release() }
        tw_uring_destroy(ring)
    }

    func open() { isOpen = true }

    func add(_ stream: TCPStream) { members.append(.passRetained(stream)) }

    /// Sends every member's queued bytes, then tells each how much the kernel took. False
    /// when the ring failed: the loop then drops it and writes one stream at a time.
    func flush() -> Bool {
        isOpen = false
        guard !members.isEmpty else { return true }
        var flushing: [Unmanaged<TCPStream>] = []
        swap(&flushing, &members)
        defer {
            for member in flushing { member.release() }
            flushing.removeAll(keepingCapacity: true)
            swap(&flushing, &members)  // keep the storage for the next batch
        }
        sends.removeAll(keepingCapacity: true)
        for member in flushing {
            // A stream closed since it joined has no descriptor any more: it sends nothing.
            sends.append(member._withUnsafeGuaranteedRef { $0.batchedSend() } ?? tw_send(fd: -1, base: nil, length: 0))
        }
        if results.count < sends.count { results = Array(repeating: 0, count: sends.count) }
        let status = sends.withUnsafeBufferPointer { sends in
            results.withUnsafeMutableBufferPointer { results in
                tw_uring_send_all(ring, sends.baseAddress, UInt32(sends.count), results.baseAddress)
            }
        }
        // Per send, what the kernel reported; -EAGAIN for any it did not (the stream's libuv
        // write takes over), also after a ring failure.
        for (index, member) in flushing.enumerated() { member._withUnsafeGuaranteedRef { $0.batchDidSend(results[index]) } }
        return status >= 0
    }
}
