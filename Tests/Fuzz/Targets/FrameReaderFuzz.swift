// Fuzz target `frame-reader`: the WebSocket frame reader (server role).
//
// Input: a `ChunkPlan` (see Tests/Fuzz/Support/FuzzSupport.swift) then the byte stream.
// Config bits 3-5 pick maxMessageBytes and bits 6-7 maxFragmentsPerMessage, mostly small
// so the limit paths are reached. The stream is read twice by fresh readers, once in one
// read and once in the plan's reads, each read from its own exact-size copy (the reader
// unmasks in place). The two must give the same events and the same failure; every
// event must also keep the reader's documented promises.
import WebSocket

private let messageLimits = [0, 1, 5, 16, 125, 126, 65_536, 1 << 20]
private let fragmentLimits = [1, 2, 3, 1024]

/// A reader event copied out of the callback.
private enum Event: Equatable {
    case text([UInt8])
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
    case close(UInt16?, [UInt8])
}

private struct Outcome: Equatable {
    var events: [Event] = []
    var failure: WebSocketFailure?
}

private func isUTF8(_ bytes: [UInt8]) -> Bool {
    String(validating: bytes, as: UTF8.self) != nil
}

/// Copies an event, checking what `WebSocketEvent` documents about it.
private func record(_ event: WebSocketEvent, limits: WebSocketLimits) -> Event {
    switch event {
    case .text(let payload):
        let bytes = Array(payload)
        fuzzCheck(bytes.count <= limits.maxMessageBytes, "text message of \(bytes.count) bytes over the limit \(limits.maxMessageBytes)")
        fuzzCheck(isUTF8(bytes), "text message is not valid UTF-8")
        return .text(bytes)
    case .binary(let payload):
        fuzzCheck(payload.count <= limits.maxMessageBytes, "binary message of \(payload.count) bytes over the limit \(limits.maxMessageBytes)")
        return .binary(Array(payload))
    case .ping(let payload):
        fuzzCheck(payload.count <= 125, "ping payload of \(payload.count) bytes")
        return .ping(Array(payload))
    case .pong(let payload):
        fuzzCheck(payload.count <= 125, "pong payload of \(payload.count) bytes")
        return .pong(Array(payload))
    case .close(let code, let reason):
        let bytes = Array(reason)
        if let code {
            fuzzCheck(CloseCode.isValidOnWire(code), "close code \(code) is not valid on the wire")
            fuzzCheck(bytes.count <= 123 && isUTF8(bytes), "close reason not UTF-8 or over 123 bytes")
        } else {
            fuzzCheck(bytes.isEmpty, "close without code has a reason")
        }
        return .close(code, bytes)
    }
}

/// Feeds `stream` in the given reads to a fresh reader. After a failure every further
/// read must return the same failure and deliver nothing; after a close, nothing but
/// a failure may follow.
private func read(_ stream: UnsafeRawBufferPointer, _ reads: [Range<Int>], limits: WebSocketLimits) -> Outcome {
    var reader = FrameReader(role: .server, limits: limits)
    var outcome = Outcome()
    for range in reads {
        let before = outcome.events.count
        let closedBefore = outcome.events.last.map { if case .close = $0 { true } else { false } } ?? false
        let failure = withExactCopy(UnsafeRawBufferPointer(rebasing: stream[range])) { buffer in
            reader.read(buffer) { outcome.events.append(record($0, limits: limits)) }
        }
        if let earlier = outcome.failure {
            fuzzCheck(failure == earlier && outcome.events.count == before,
                      "failure not sticky: \(earlier) then \(String(describing: failure)), \(outcome.events.count - before) new events")
        } else {
            outcome.failure = failure
        }
        if closedBefore {
            fuzzCheck(outcome.events.count == before, "events after a close")
        }
    }
    // One more empty read changes nothing.
    let last = withExactCopy(UnsafeRawBufferPointer(start: nil, count: 0)) { buffer in
        reader.read(buffer) { _ in fuzzFailure("event from an empty read") }
    }
    fuzzCheck(last == outcome.failure, "empty read changed the failure")
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func frameReaderFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, let (plan, stream) = ChunkPlan.parse(UnsafeRawBufferPointer(start: data, count: size)) else { return 0 }
    let limits = WebSocketLimits(
        maxMessageBytes: messageLimits[plan.options & 7],
        maxFragmentsPerMessage: fragmentLimits[(plan.options >> 3) & 3]
    )
    let whole = read(stream, [0 ..< stream.count], limits: limits)
    let split = read(stream, plan.chunks(total: stream.count), limits: limits)
    if whole != split {
        fuzzFailure("""
            split reads differ from one read (plan \(plan))
              one read: \(whole.events.count) events, failure \(String(describing: whole.failure))
              split:    \(split.events.count) events, failure \(String(describing: split.failure))
              first differing event: \(String(describing: zip(whole.events, split.events).first { $0 != $1 }))
            """)
    }
    return 0
}
