import EventLoop
import Testing

/// How a test loop's streams receive: libuv's epoll reads, or the loop's io_uring, with
/// waits that return at the first receive or that gather receives for 2 ms.
enum ReceivePath: CaseIterable, CustomTestStringConvertible {
    case epoll, ring, gatheringRing

    func loop() throws -> EventLoop {
        let loop = try EventLoop()
        switch self {
        case .epoll:
            break
        case .ring:
            try #require(loop.enableRingReceives(), "this kernel refuses io_uring receives")
        case .gatheringRing:
            try #require(loop.enableRingReceives(gatherMicroseconds: 2_000), "this kernel refuses io_uring receives")
            try #require(loop.gathersReceives, "this kernel cannot gather receives (Linux 6.12)")
        }
        return loop
    }

    var testDescription: String {
        switch self {
        case .epoll: "epoll reads"
        case .ring: "io_uring receives"
        case .gatheringRing: "io_uring receives, gathered"
        }
    }
}

/// Records what a stream's delegate hears, in order.
final class RecordingDelegate: TCPStreamDelegate {
    var received: [UInt8] = []
    var closes: [LoopError?] = []
    var drains = 0
    var onRead: ((TCPStream, UnsafeMutableRawBufferPointer) -> Void)?
    var onClose: (() -> Void)?

    func stream(_ stream: TCPStream, didRead bytes: UnsafeMutableRawBufferPointer) {
        received.append(contentsOf: bytes)
        onRead?(stream, bytes)
    }

    func streamDidClose(_ stream: TCPStream, error: LoopError?) {
        closes.append(error)
        onClose?()
    }

    func streamDidDrain(_ stream: TCPStream) { drains += 1 }
}

/// Runs the loop until it has nothing left or the deadline passes (then fails the caller's
/// expectation by returning false). A loop that returns by itself has no handle left open.
func runBounded(_ loop: EventLoop, seconds: UInt64 = 5) -> Bool {
    let guardTimer = LoopTimer(loop: loop)
    var timedOut = false
    guardTimer.start(delay: seconds * 1000) {
        timedOut = true
        loop.stop()
    }
    guardTimer.unref()
    loop.run()
    guardTimer.close()
    loop.runOnce(wait: false)
    return !timedOut
}
