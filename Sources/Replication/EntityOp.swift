/// What happened to one entity between baseline and current, as the low 2 bits of the op
/// word that starts each entry of the entity block: `word = idGap << 2 | op`, a varuint.
/// `idGap` is `id - previousID - 1` (previousID starts at -1), so consecutive ids cost 0
/// and a word stays one byte for gaps up to 31.
///
/// A *changed* word has one more flag bit, bit 2, "adjacent": when set, the id is
/// `previousID + 1` and the bits above it are the change mask (`word = mask << 3 | 0b101`),
/// so a changed entity next to the previous one with a mask below 16 costs one byte before
/// its values; when clear, the bits above are the gap and the mask follows as a varuint
/// (`word = idGap << 3 | 0b001`). The encoder uses the adjacent form whenever the gap is 0.
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

    /// Bit 2 of a *changed* word: the id follows the previous one and the mask is inline.
    static let adjacentFlag: UInt64 = 0b100

    /// The word of a *changed* op (see above) and whether the mask must follow it.
    static func changedWord(gap: Int, mask: UInt64) -> (word: UInt64, maskFollows: Bool) {
        gap == 0
            ? (mask << 3 | adjacentFlag | EntityOp.changed.rawValue, false)
            : (UInt64(gap) << 3 | EntityOp.changed.rawValue, true)
    }
}
