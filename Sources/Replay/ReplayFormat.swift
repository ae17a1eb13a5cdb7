/// The layout of a replay file (docs/REPLAYS.md): an 8-byte magic and a format version byte,
/// then records, each `kind:u8 length:varuint payload check:u32` where `check` is the
/// FNV-1a hash of the kind byte and the payload. A record is written whole or not at all,
/// so a file cut short by a crash is a readable prefix.
public enum ReplayFormat {
    /// "TWREPLAY".
    public static let magic: [UInt8] = Array("TWREPLAY".utf8)
    /// The version this code writes and reads.
    public static let version: UInt8 = 1
    /// File name extension of recordings.
    public static let fileExtension = "twr"
    /// The largest record payload a reader accepts (a chunk is flushed long before).
    public static let maxRecordBytes = 1 << 20

    /// Record kinds.
    enum Record: UInt8 {
        /// `ReplayHeader`, once, first.
        case header = 1
        /// A run of events (about a second of play).
        case chunk = 2
        /// `ReplayTrailer`, once, last, when the room ended normally.
        case trailer = 3
    }

    /// Event tags inside a chunk.
    enum Event: UInt8 {
        /// One step: `changes:varuint`, then per change `player:varuint mask:varuint` and, for
        /// each bit of `mask` (field index), the value's difference from the player's previous
        /// input as a zigzag varint. Mask 0: the player has no input this step (keeps still).
        case step = 0
        /// `count:varuint` steps in which no player's input changed.
        case steps = 1
        /// `player:varuint name:string`: seated before the next step.
        case join = 2
        /// `player:varuint`: unseated before the next step.
        case leave = 3
        /// `tick:varuint hash:varuint`: `stateHash()` after the step of `tick`.
        case hash = 4
    }

    /// 32-bit FNV-1a: cheap, and enough to tell a damaged record from a whole one.
    static func check(kind: UInt8, payload: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        hash = (hash ^ UInt32(kind)) &* 0x0100_0193
        for byte in payload { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }
}
