/// FNV-1a 64 over little-endian integers: cheap, stable across platforms and releases
/// (unlike Swift's seeded `Hasher`), which is what a determinism check needs.
struct StateHasher {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    mutating func combine(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    mutating func combine(_ word: UInt64) {
        var w = word
        for _ in 0..<8 {
            combine(byte: UInt8(truncatingIfNeeded: w))
            w >>= 8
        }
    }

    mutating func combine(_ number: Int32) { combine(UInt64(UInt32(bitPattern: number))) }
    mutating func combine(_ number: UInt32) { combine(UInt64(number)) }
    mutating func combine(_ number: UInt16) { combine(UInt64(number)) }
    mutating func combine(_ number: Int) { combine(UInt64(bitPattern: Int64(number))) }
    mutating func combine(_ flag: Bool) { combine(byte: flag ? 1 : 0) }

    /// Length first, so "ab"+"c" and "a"+"bc" hash differently.
    mutating func combine(_ text: String) {
        combine(text.utf8.count)
        for byte in text.utf8 { combine(byte: byte) }
    }
}
