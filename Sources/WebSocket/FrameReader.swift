/// Incremental frame reader + message reassembler + UTF-8 validation, for one connection.
///
/// A pure state machine over bytes (no I/O): feed it whatever the socket delivered, in
/// any split, and it calls back with complete events. A complete unfragmented frame that
/// lies entirely within one read is handed up as a slice of the read buffer, unmasked in
/// place (zero copy); only messages spanning reads or fragments are copied into a reused
/// reassembly buffer. All limits are checked as soon as a frame header is parsed.
///
/// Per-connection state is small and fixed apart from the two reused buffers; see
/// `FrameReaderTests.stateIsSmall` for its `MemoryLayout` size (112 bytes on 64-bit).
public struct FrameReader: Sendable {
    private enum Phase: UInt8, Sendable {
        case header    // waiting for (the rest of) a frame header
        case payload   // inside a frame's payload
        case closed    // a close frame was delivered: nothing may follow
        case failed    // a violation was reported: sticky
    }

    private let limits: WebSocketLimits
    private let requiresMaskedFrames: Bool
    private var phase: Phase = .header
    private var failure: FrameReadError = .dataAfterClose

    /// Header bytes received so far when a header is split across reads (at most 14).
    private var headerStash: (UInt64, UInt64) = (0, 0)
    private var headerStashCount: UInt8 = 0

    // The frame being read.
    private var frameOpcode: Opcode = .continuation
    private var frameFin = false
    private var frameMasked = false
    private var frameMaskKey: UInt32 = 0
    private var frameRemaining = 0      // payload bytes still to come
    private var frameOffset = 0         // payload bytes already seen (mask phase, zero-copy test)

    // The data message being read (text/binary, maybe fragmented); nil between messages.
    private var messageOpcode: Opcode?
    private var messageBytes = 0
    private var messageFragments = 0
    private var utf8 = UTF8Validator()
    private var reassembly: [UInt8] = []
    /// Holds a control frame's payload only when it is split across reads (rare).
    private var controlPayload: [UInt8] = []

    /// Reassembly capacity kept between messages; anything larger is released so one big
    /// message does not pin memory on an idle connection.
    private static let retainedReassemblyCapacity = 64 * 1024

    public init(role: WebSocketRole, limits: WebSocketLimits = .init()) {
        self.limits = limits
        self.requiresMaskedFrames = role == .server
    }

    /// Consumes ALL of `bytes` (unmasking them in place), calling `onEvent` for each
    /// complete event in order. Any split of the byte stream gives the same events.
    /// On a protocol violation returns the failure and ignores everything after it;
    /// further calls keep returning the same failure. After a close frame was delivered,
    /// any further bytes are a failure (1002, "data after close").
    public mutating func read(
        _ bytes: UnsafeMutableRawBufferPointer, _ onEvent: (WebSocketEvent) -> Void
    ) -> WebSocketFailure? {
        guard let error = readFrames(bytes, onEvent) else { return nil }
        phase = .failed
        failure = error
        return error.failure
    }

    private mutating func readFrames(
        _ bytes: UnsafeMutableRawBufferPointer, _ onEvent: (WebSocketEvent) -> Void
    ) -> FrameReadError? {
        if phase == .failed { return failure }
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var position = 0
        while true {
            switch phase {
            case .header:
                if position == count { return nil }
                let available = count - position
                if let size = wholeBinaryFrame(base + position, available: available, onEvent) {
                    position += size
                } else if headerStashCount == 0, available >= 2,
                   case let size = FrameHeader.length(secondByte: base.load(fromByteOffset: position + 1, as: UInt8.self)),
                   size <= available {
                    if let error = startFrame(UnsafeRawPointer(base + position)) { return error }
                    position += size
                } else {
                    switch stashHeader(base, count: count, position: &position) {
                    case .needMore: return nil
                    case .started: break
                    case .failed(let error): return error
                    }
                }
            case .payload:
                if frameRemaining > 0 && position == count { return nil }
                let take = min(frameRemaining, count - position)
                let chunk = UnsafeMutableRawBufferPointer(start: base + position, count: take)
                position += take
                if let error = readPayload(chunk, onEvent) { return error }
            case .closed:
                return position == count ? nil : .dataAfterClose
            case .failed:
                return failure
            }
        }
    }

    /// The common case in one step: a whole unfragmented binary frame of under 64 KiB,
    /// masked as this side requires, inside this read, between messages and within the
    /// limits, is unmasked and delivered without entering the payload phase (every
    /// player input and snapshot). Returns the bytes it took, or nil to leave anything
    /// else, including every violation, to the general path.
    @inline(__always)
    private func wholeBinaryFrame(
        _ frame: UnsafeMutableRawPointer, available: Int, _ onEvent: (WebSocketEvent) -> Void
    ) -> Int? {
        guard available >= 2, headerStashCount == 0, messageOpcode == nil,
              frame.load(as: UInt8.self) == 0x82 else { return nil }  // FIN, no RSV bits, binary
        let second = frame.load(fromByteOffset: 1, as: UInt8.self)
        guard (second & 0x80 != 0) == requiresMaskedFrames else { return nil }
        let maskBytes = requiresMaskedFrames ? 4 : 0
        let lengthCode = Int(second & 0x7F)
        let headerBytes: Int, payloadCount: Int
        if lengthCode < 126 {
            headerBytes = 2 + maskBytes
            payloadCount = lengthCode
        } else if lengthCode == 126, available >= 4 {
            headerBytes = 4 + maskBytes
            payloadCount = Int(UInt16(bigEndian: frame.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
        } else {
            return nil
        }
        guard headerBytes + payloadCount <= available, payloadCount <= limits.maxMessageBytes,
              limits.maxFragmentsPerMessage >= 1 else { return nil }
        let payload = UnsafeMutableRawBufferPointer(start: frame + headerBytes, count: payloadCount)
        if requiresMaskedFrames {
            let maskKey = UInt32(bigEndian: frame.loadUnaligned(fromByteOffset: headerBytes - 4, as: UInt32.self))
            Masking.apply(payload, maskKey: maskKey, offset: 0)
        }
        onEvent(.binary(UnsafeRawBufferPointer(payload)))
        return headerBytes + payloadCount
    }

    private enum StashProgress {
        case needMore                 // every byte was consumed; the header is still partial
        case started                  // the header completed and the frame began
        case failed(FrameReadError)
    }

    /// Slow path for a header split across reads: copies header bytes into the stash
    /// and starts the frame once the header is complete.
    private mutating func stashHeader(
        _ base: UnsafeMutableRawPointer, count: Int, position: inout Int
    ) -> StashProgress {
        var stash = headerStash
        var have = Int(headerStashCount)
        let complete: Bool = withUnsafeMutableBytes(of: &stash) { stashBytes in
            while true {
                let need = have < 2 ? 2 : FrameHeader.length(secondByte: stashBytes[1])
                if have >= 2 && have == need { return true }
                if position == count { return false }
                stashBytes[have] = base.load(fromByteOffset: position, as: UInt8.self)
                have += 1
                position += 1
            }
        }
        guard complete else {
            headerStash = stash
            headerStashCount = UInt8(have)
            return .needMore
        }
        headerStashCount = 0
        let error = withUnsafeBytes(of: stash) { startFrame($0.baseAddress!) }
        return error.map(StashProgress.failed) ?? .started
    }

    /// Applies the header rules that depend on connection and message state, then enters
    /// the payload phase.
    private mutating func startFrame(_ headerBytes: UnsafeRawPointer) -> FrameReadError? {
        let header: FrameHeader
        switch FrameHeader.parse(headerBytes) {
        case .success(let parsed): header = parsed
        case .failure(let error): return error
        }
        if header.masked != requiresMaskedFrames {
            return requiresMaskedFrames ? .unmaskedClientFrame : .maskedServerFrame
        }
        if !header.opcode.isControl {
            let continues = header.opcode == .continuation
            if continues && messageOpcode == nil { return .continuationWithoutMessage }
            if !continues && messageOpcode != nil { return .newMessageDuringFragmentedMessage }
            let fragments = continues ? messageFragments + 1 : 1
            let bytesBefore = continues ? messageBytes : 0
            if fragments > limits.maxFragmentsPerMessage { return .tooManyFragments }
            // Compare in UInt64: a declared length may exceed Int.max before this check.
            if header.payloadLength > UInt64(max(0, limits.maxMessageBytes - bytesBefore)) {
                return .messageTooBig
            }
            if !continues {
                messageOpcode = header.opcode
                utf8.reset()
            }
            messageFragments = fragments
            messageBytes = bytesBefore + Int(header.payloadLength)
        }
        frameOpcode = header.opcode
        frameFin = header.fin
        frameMasked = header.masked
        frameMaskKey = header.maskKey
        frameRemaining = Int(header.payloadLength)
        frameOffset = 0
        phase = .payload
        return nil
    }

    /// Handles the next `chunk` of the current frame's payload (possibly all of it, or
    /// empty for an empty frame), delivering events when the frame or message completes.
    private mutating func readPayload(
        _ chunk: UnsafeMutableRawBufferPointer, _ onEvent: (WebSocketEvent) -> Void
    ) -> FrameReadError? {
        let isWholeFrame = frameOffset == 0 && chunk.count == frameRemaining
        let endsFrame = chunk.count == frameRemaining
        if frameMasked {
            Masking.apply(chunk, maskKey: frameMaskKey, offset: frameOffset)
        }
        frameOffset += chunk.count
        frameRemaining -= chunk.count

        if frameOpcode.isControl {
            if isWholeFrame {
                phase = .header
                return deliverControl(UnsafeRawBufferPointer(chunk), onEvent)
            }
            if controlPayload.capacity < 125 { controlPayload.reserveCapacity(125) }
            controlPayload.append(contentsOf: UnsafeRawBufferPointer(chunk))
            guard endsFrame else { return nil }
            phase = .header
            defer { controlPayload.removeAll(keepingCapacity: true) }
            return controlPayload.withUnsafeBytes { deliverControl($0, onEvent) }
        }

        let isText = messageOpcode == .text
        // Validate before buffering so bad UTF-8 fails on the read that carried it.
        if isText && !utf8.validate(UnsafeRawBufferPointer(chunk)) { return .invalidUTF8Text }
        let endsMessage = endsFrame && frameFin
        if isWholeFrame && frameFin && messageFragments == 1 {
            // Zero-copy fast path: an unfragmented message entirely within this read.
            if isText && !utf8.isAtBoundary { return .invalidUTF8Text }
            let payload = UnsafeRawBufferPointer(chunk)
            onEvent(isText ? .text(payload) : .binary(payload))
            endMessage()
            phase = .header
            return nil
        }
        reassembly.append(contentsOf: UnsafeRawBufferPointer(chunk))
        if endsFrame { phase = .header }
        guard endsMessage else { return nil }
        if isText && !utf8.isAtBoundary { return .invalidUTF8Text }
        reassembly.withUnsafeBytes { onEvent(isText ? .text($0) : .binary($0)) }
        endMessage()
        return nil
    }

    private mutating func endMessage() {
        messageOpcode = nil
        messageBytes = 0
        messageFragments = 0
        if !reassembly.isEmpty {
            reassembly.removeAll(keepingCapacity: reassembly.capacity <= Self.retainedReassemblyCapacity)
        }
    }

    private mutating func deliverControl(
        _ payload: UnsafeRawBufferPointer, _ onEvent: (WebSocketEvent) -> Void
    ) -> FrameReadError? {
        switch frameOpcode {
        case .ping:
            onEvent(.ping(payload))
        case .pong:
            onEvent(.pong(payload))
        case .close:
            guard payload.count >= 2 else {
                // The header rule already rejected a 1-byte body, so this is an empty one.
                phase = .closed
                onEvent(.close(code: nil, reason: UnsafeRawBufferPointer(start: nil, count: 0)))
                return nil
            }
            let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
            guard CloseCode.isValidOnWire(code) else { return .invalidCloseCode }
            let reason = UnsafeRawBufferPointer(rebasing: payload[2...])
            var validator = UTF8Validator()
            guard validator.validate(reason), validator.isAtBoundary else { return .invalidUTF8CloseReason }
            phase = .closed
            onEvent(.close(code: code, reason: reason))
        default:
            preconditionFailure("not a control opcode")
        }
        return nil
    }
}
