/// SplitMix64: a tiny, fast generator whose whole state is one UInt64, so a room's
/// randomness is reproducible from its seed and can be hashed for determinism checks.
public struct SeededRandom: Sendable, Equatable, RandomNumberGenerator {
    /// The whole generator state: equal states give equal sequences (hashed by `stateHash`).
    public private(set) var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound. The modulo bias (below 2^-40 for our small bounds) does not
    /// matter for a game; being identical everywhere does.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next() % UInt64(bound))
    }
}
