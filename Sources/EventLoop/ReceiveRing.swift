import CUring
#if canImport(Glibc)
import Glibc
#endif

/// The receives of every stream on a loop, through one io_uring that the loop waits in
/// (`EventLoop.enableRingReceives()`): each reading stream has one multishot receive into
/// buffers the ring provides, and the kernel hands a wakeup's bytes over as a batch of
/// completions, where libuv's epoll loop makes a `read` per readable socket. libuv keeps
/// everything else (timers, accepts, writes, Redis); its epoll descriptor is watched from
/// the ring, so one wait serves both (`EventLoop.turn`).
final class ReceiveRing {
    private let ring: OpaquePointer
    /// The stream of each receive in the ring, by its tag; nil marks a free tag. Unmanaged:
    /// each is retained once, from `receive` to its last completion, so a delivery borrows
    /// its stream instead of retaining and releasing it per completion.
    private var streams: [Unmanaged<TCPStream>?] = []
    private var freeTags: [Int] = []
    /// Receives whose cancel found no room in the ring: asked again before the next wait.
    private var cancelsToRetry: [Int] = []
    /// Streams that started reading again with bytes held from before: handed over by the
    /// loop, not inside `startReading` (a delegate may call it from another stream's read).
    private var heldToDeliver: [TCPStream] = []
    /// Whether a wait for libuv's epoll descriptor is in the ring.
    private var watchingLoop = false
    /// Receives in the ring: the loop keeps running while there are any.
    private(set) var activeCount = 0

    private static let loopTag = UInt64.max
    private static let cancelTag = UInt64.max - 1

    /// How long a wait that has begun gathers receives before it returns with them (0:
    /// it returns at the first), while at least `gatherFrom` streams receive.
    var gatherMicroseconds: UInt32 = 0
    /// Fewer streams gain little from gathering, and a quiet server (one client joining,
    /// or pinging) then answers at once.
    static let gatherFrom = 64

    /// Nil when the kernel cannot (before 6.1, or io_uring refused). The buffers hold a
    /// gathered wait's receives at a few thousand clients; a receive that finds none ends
    /// and starts again (no byte is lost: it stays in the socket).
    init?(entries: UInt32 = 1024, bufferCount: UInt32 = 2048, bufferSize: UInt32 = 2048) {
        guard let ring = tw_receive_ring_create(entries, bufferCount, bufferSize) else { return nil }
        self.ring = ring
    }

    /// Whether the kernel can gather receives in a wait (Linux 6.12).
    var canGather: Bool { tw_receive_ring_can_gather(ring) != 0 }

    deinit {
        for stream in streams { stream?.release() }
        tw_receive_ring_destroy(ring)
    }

    /// Starts `stream`'s receive on socket `fd`; its tag, for `cancel`, or nil when the ring
    /// has no room. The ring holds the stream until the receive's last completion.
    func receive(_ stream: TCPStream, fd: Int32) -> Int? {
        let tag = freeTags.popLast() ?? streams.count
        let held = Unmanaged.passRetained(stream)
        if tag == streams.count { streams.append(held) } else { streams[tag] = held }
        guard tw_receive_ring_receive(ring, fd, UInt64(tag)) == 0 else {
            streams[tag] = nil
            freeTags.append(tag)
            held.release()
            return nil
        }
        activeCount += 1
        return tag
    }

    /// Asks the kernel to end the receive `tag`; its last completion still comes. The
    /// receive holds its socket open until then, so a cancel is never dropped.
    func cancel(_ tag: Int) {
        if tw_receive_ring_cancel(ring, UInt64(tag), Self.cancelTag) < 0 { cancelsToRetry.append(tag) }
    }

    /// Hands `stream`'s held bytes over at the loop's next turn.
    func deliverHeld(of stream: TCPStream) { heldToDeliver.append(stream) }

    /// Whether held bytes wait for the loop: it must not sleep before handing them over.
    var hasHeldToDeliver: Bool { !heldToDeliver.isEmpty }

    /// Waits at most `timeout` ms (< 0: no limit) for a receive or for libuv's descriptor
    /// `loopDescriptor`.
    func wait(loopDescriptor: Int32, timeout: Int32) {
        if !cancelsToRetry.isEmpty {
            let tags = cancelsToRetry
            cancelsToRetry.removeAll()
            for tag in tags { cancel(tag) }
        }
        if !watchingLoop, tw_receive_ring_watch(ring, loopDescriptor, Self.loopTag) == 0 { watchingLoop = true }
        let gather = activeCount >= Self.gatherFrom ? gatherMicroseconds : 0
        let status = tw_receive_ring_wait(ring, timeout, gather)
        // Short of memory or of room for completions, the kernel returns early: what came
        // is handed over and the loop waits again. Anything else is a broken ring.
        precondition(status >= 0 || [EAGAIN, EBUSY, ENOMEM].contains(-status),
                     "io_uring wait failed: \(String(cString: strerror(-status)))")
    }

    /// Hands every completion to its stream. True when libuv's descriptor became readable.
    func dispatch(_ loop: EventLoop) -> Bool {
        var loopReady = false
        var completion = tw_completion()
        while tw_receive_ring_next(ring, &completion) != 0 {
            switch completion.tag {
            case Self.loopTag:
                watchingLoop = false
                loopReady = true
            case Self.cancelTag:
                break
            default:
                deliver(completion, loop)
            }
        }
        if !heldToDeliver.isEmpty {
            let streams = heldToDeliver
            heldToDeliver.removeAll()
            for stream in streams { stream.deliverHeld() }
        }
        return loopReady
    }

    private func deliver(_ completion: tw_completion, _ loop: EventLoop) {
        let tag = Int(completion.tag)
        let stream = streams[tag]!  // a tag is free only after its receive's last completion
        if completion.buffer >= 0 {
            if completion.result > 0 {
                let bytes = UnsafeMutableRawBufferPointer(start: completion.bytes, count: Int(completion.result))
                stream._withUnsafeGuaranteedRef { $0.ringDidReceive(bytes, loop) }
            }
            tw_receive_ring_recycle(ring, completion.buffer)
        }
        if completion.more == 0 {
            // Ended anyway: a cancel still to retry must not reach the tag's next stream.
            if !cancelsToRetry.isEmpty { cancelsToRetry.removeAll { $0 == tag } }
            streams[tag] = nil
            freeTags.append(tag)
            activeCount -= 1
            stream.takeRetainedValue().ringReceiveDidEnd(result: completion.result)
        }
    }
}
