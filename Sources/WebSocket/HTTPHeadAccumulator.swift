/// Collects bytes until the blank line that ends an HTTP head (CRLFCRLF), never taking
/// bytes past it: whatever follows (e.g. WebSocket frames sent right after the
/// handshake) stays with the caller. Shared by the request parser and the client.
struct HTTPHeadAccumulator: Sendable {
    enum Progress: Equatable {
        case needMore
        /// The head (without the final CRLFCRLF) is in `head`; `consumed` bytes of the
        /// last fed buffer belonged to it.
        case complete(consumed: Int)
        case tooLarge
        /// A CR or an LF alone: the head can never end with CRLFCRLF, so it is refused now
        /// rather than left to its deadline.
        case bareLineEnd
    }

    let maxBytes: Int
    private(set) var buffer: [UInt8] = []

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// The head's bytes, valid after `.complete`.
    var head: ArraySlice<UInt8> { buffer.dropLast(4) }

    mutating func reset() {
        buffer.removeAll(keepingCapacity: false)
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Progress {
        let before = buffer.count
        // A head that fits the limit must end within this many new bytes.
        let take = min(bytes.count, max(0, maxBytes - before))
        buffer.append(contentsOf: bytes.prefix(take))
        // Restart the search 3 bytes back: the terminator may straddle two feeds.
        var index = max(0, before - 3)
        while index + 4 <= buffer.count {
            if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
                let end = index + 4
                buffer.removeSubrange(end...)
                return .complete(consumed: end - before)
            }
            index += 1
        }
        // Each CR must be followed by an LF and each LF preceded by a CR (a CR ending the
        // bytes so far waits for the next feed).
        for index in max(0, before - 1)..<buffer.count {
            let byte = buffer[index]
            if byte == 10 && (index == 0 || buffer[index - 1] != 13) { return .bareLineEnd }
            if byte == 13 && index + 1 < buffer.count && buffer[index + 1] != 10 { return .bareLineEnd }
        }
        return buffer.count >= maxBytes ? .tooLarge : .needMore
    }
}
