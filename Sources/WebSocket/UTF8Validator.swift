/// Incremental UTF-8 validator (RFC 3629): carries the state of a partial sequence across
/// chunks, so a text message split over fragments and reads is checked as it arrives and
/// rejected at the first bad byte. One byte of state; no allocation.
public struct UTF8Validator: Sendable, Equatable {
    /// What the next byte must be. `accept` means "at a character boundary".
    @usableFromInline
    enum State: UInt8, Sendable {
        case accept
        case need1          // one continuation byte 80-BF
        case need2          // two continuation bytes 80-BF
        case need3          // three continuation bytes 80-BF
        case need2AfterE0   // E0: next A0-BF (no overlongs), then one more
        case need2AfterED   // ED: next 80-9F (no surrogates), then one more
        case need3AfterF0   // F0: next 90-BF (no overlongs), then two more
        case need3AfterF4   // F4: next 80-8F (max U+10FFFF), then two more
    }

    @usableFromInline
    var state: State = .accept

    public init() {}

    /// True when everything validated so far ends on a character boundary.
    @inlinable
    public var isAtBoundary: Bool { state == .accept }

    public mutating func reset() { state = .accept }

    /// Validates the next chunk. Returns false at the first byte that cannot be part of
    /// valid UTF-8 (the validator is then in an unspecified state; reset before reuse).
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        var state = self.state
        while index < count {
            // ASCII fast path: 8 bytes at a time while between characters.
            if state == .accept {
                while index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    index += 8
                }
                if index >= count { break }
            }
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            index += 1
            guard let next = Self.step(state, byte) else {
                self.state = state
                return false
            }
            state = next
        }
        self.state = state
        return true
    }

    @inline(__always)
    static func step(_ state: State, _ byte: UInt8) -> State? {
        switch state {
        case .accept:
            switch byte {
            case 0x00...0x7F: return .accept
            case 0xC2...0xDF: return .need1
            case 0xE0: return .need2AfterE0
            case 0xE1...0xEC, 0xEE...0xEF: return .need2
            case 0xED: return .need2AfterED
            case 0xF0: return .need3AfterF0
            case 0xF1...0xF3: return .need3
            case 0xF4: return .need3AfterF4
            default: return nil  // 80-C1 (stray continuation / overlong lead), F5-FF
            }
        case .need1: return (0x80...0xBF).contains(byte) ? .accept : nil
        case .need2: return (0x80...0xBF).contains(byte) ? .need1 : nil
        case .need3: return (0x80...0xBF).contains(byte) ? .need2 : nil
        case .need2AfterE0: return (0xA0...0xBF).contains(byte) ? .need1 : nil
        case .need2AfterED: return (0x80...0x9F).contains(byte) ? .need1 : nil
        case .need3AfterF0: return (0x90...0xBF).contains(byte) ? .need2 : nil
        case .need3AfterF4: return (0x80...0x8F).contains(byte) ? .need2 : nil
        }
    }
}
