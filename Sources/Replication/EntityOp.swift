/// What happened to one entity between baseline and current, as the low 2 bits of the op
/// word that starts each entry of the entity block: `word = idGap << 2 | op`, a varuint.
/// `idGap` is `id - previousID - 1` (previousID starts at -1), so consecutive ids cost 0
/// and a word stays one byte for gaps up to 31.
enum EntityOp: UInt64 {
    /// End of the entity block; the whole word is 0 (a single 0x00 byte).
    case end = 0
    /// Same id and kind as in the baseline, some fields differ: mask, then changed values.
    case changed = 1
    /// In the baseline, gone now. Nothing follows.
    case removed = 2
    /// New (or replaces a baseline entity of another kind): kind byte, mask, values from 0.
    case added = 3

    static let bits: UInt64 = 2
    static let mask: UInt64 = 0b11

    static func word(_ op: EntityOp, gap: Int) -> UInt64 {
        UInt64(gap) << bits | op.rawValue
    }
}
