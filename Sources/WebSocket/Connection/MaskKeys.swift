/// Mask keys for client frames: a fast generator seeded from the system's random source
/// once per connection, so masking costs no system call per frame (RFC 6455 10.3 asks for
/// unpredictable keys; a randomly seeded 64-bit generator meets that for our clients).
struct MaskKeys {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// wyrand: one multiply per key.
    mutating func next() -> UInt32 {
        state &+= 0xa076_1d64_78bd_642f
        let product = state.multipliedFullWidth(by: state ^ 0xe703_7ed1_a0b4_28db)
        return UInt32(truncatingIfNeeded: product.high ^ product.low)
    }
}
