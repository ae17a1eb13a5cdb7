import EventLoop
@testable import WebSocket

/// Bytes from a hex string; spaces and newlines are ignored ("81 85 37fa").
func hex(_ text: String) -> [UInt8] {
    let digits = text.unicodeScalars.filter { !$0.properties.isWhitespace }.map { Character($0) }
    precondition(digits.count % 2 == 0, "odd hex digit count")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A copy of a reader event that outlives the callback, for comparing in tests.
enum Received: Equatable, CustomStringConvertible {
    case text([UInt8])
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
    case close(UInt16?, [UInt8])

    init(_ event: WebSocketEvent) {
        switch event {
        case .text(let p): self = .text(Array(p))
        case .binary(let p): self = .binary(Array(p))
        case .ping(let p): self = .ping(Array(p))
        case .pong(let p): self = .pong(Array(p))
        case .close(let code, let reason): self = .close(code, Array(reason))
        }
    }

    static func text(_ string: String) -> Received { .text(Array(string.utf8)) }

    var description: String {
        switch self {
        case .text(let b): "text(\(b.count)B \(String(decoding: b.prefix(16), as: UTF8.self)))"
        case .binary(let b): "binary(\(b.count)B)"
        case .ping(let b): "ping(\(b.count)B)"
        case .pong(let b): "pong(\(b.count)B)"
        case .close(let c, let r): "close(\(c.map(String.init) ?? "nil"), \(String(decoding: r, as: UTF8.self)))"
        }
    }
}

struct ReadResult: Equatable {
    var events: [Received] = []
    var failure: WebSocketFailure?
}

extension FrameReader {
    /// Feeds one chunk (copied into a fresh mutable buffer, as a socket read would be).
    mutating func feed(_ chunk: [UInt8]) -> ReadResult {
        var result = ReadResult()
        var copy = chunk
        result.failure = copy.withUnsafeMutableBytes { buffer in
            read(buffer) { result.events.append(Received($0)) }
        }
        return result
    }

    /// Feeds `stream` in chunks of the given sizes (the remainder as a last chunk),
    /// stopping at the first failure.
    mutating func feed(_ stream: [UInt8], splitAt sizes: [Int]) -> ReadResult {
        var total = ReadResult()
        var offset = 0
        var chunks: [[UInt8]] = []
        for size in sizes where offset < stream.count {
            let end = min(stream.count, offset + size)
            chunks.append(Array(stream[offset..<end]))
            offset = end
        }
        if offset < stream.count { chunks.append(Array(stream[offset...])) }
        for chunk in chunks {
            let step = feed(chunk)
            total.events += step.events
            if let failure = step.failure {
                total.failure = failure
                return total
            }
        }
        return total
    }
}

/// Reads the whole stream in one call with a fresh reader.
func readAll(_ stream: [UInt8], role: WebSocketRole = .server, limits: WebSocketLimits = .init()) -> ReadResult {
    var reader = FrameReader(role: role, limits: limits)
    return reader.feed(stream)
}

/// An independent frame encoder for building reader inputs (deliberately not FrameWriter,
/// so reader tests do not trust the code under test). `rsv` is the three RSV bits.
func frame(
    _ opcode: UInt8, _ payload: [UInt8], fin: Bool = true, mask: [UInt8]? = [0x37, 0xFA, 0x21, 0x3D], rsv: UInt8 = 0
) -> [UInt8] {
    var out: [UInt8] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode]
    let maskBit: UInt8 = mask == nil ? 0 : 0x80
    if payload.count <= 125 {
        out.append(maskBit | UInt8(payload.count))
    } else if payload.count <= 0xFFFF {
        out.append(maskBit | 126)
        out += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    } else {
        out.append(maskBit | 127)
        out += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
    }
    if let mask {
        out += mask
        out += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    } else {
        out += payload
    }
    return out
}

func failure(_ code: CloseCode, _ reason: String) -> WebSocketFailure {
    WebSocketFailure(code: code, reason: reason)
}

/// A bare TCP client that records what it receives and whether the server closed.
final class RawPeer: TCPStreamDelegate {
    var stream: TCPStream?
    var received: [UInt8] = []
    var closed = false
    func stream(_ stream: TCPStream, didRead bytes: UnsafeMutableRawBufferPointer) { received += bytes }
    func streamDidClose(_ stream: TCPStream, error: LoopError?) { closed = true }
    var text: String { String(decoding: received, as: UTF8.self) }
}

/// A raw TCP peer that sends `first` once connected.
func connectRaw(_ loop: EventLoop, _ port: Int, sending first: [UInt8]) -> RawPeer {
    let raw = RawPeer()
    TCPStream.connect(loop: loop, to: try! SocketAddress(host: "127.0.0.1", port: port)) { result in
        guard case .success(let stream) = result else { raw.closed = true; return }
        raw.stream = stream
        stream.delegate = raw
        stream.startReading()
        first.withUnsafeBytes { stream.write($0) }
    }
    return raw
}

/// Runs the loop until `condition` holds (checked every 2 ms) or `seconds` pass.
func run(_ loop: EventLoop, seconds: Double = 5, until condition: @escaping () -> Bool) -> Bool {
    var met = condition()
    if met { return true }
    let check = LoopTimer(loop: loop)
    check.start(delay: 2, repeat: 2) { if condition() { met = true; loop.stop() } }
    let deadline = LoopTimer(loop: loop)
    deadline.start(delay: UInt64(seconds * 1000)) { loop.stop() }
    loop.run()
    check.close()
    deadline.close()
    return met
}
