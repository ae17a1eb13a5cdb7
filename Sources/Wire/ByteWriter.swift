/// An append-only byte buffer for building messages. Storage is reused: `reset()` empties
/// it but keeps its capacity, so a writer kept across ticks allocates nothing in steady
/// state. Multi-byte integers are little-endian.
///
/// With a `limit`, a write that would pass it writes nothing and sets `overflowed`, which
/// stays set (ioquake3's msg_t) and drops every later write until `reset()`. Callers check
/// the flag once at the end instead of after every write.
public struct ByteWriter: Sendable {
    /// What has been written so far (nothing from a write that overflowed).
    public private(set) var bytes: [UInt8]
    /// Largest number of bytes this writer will hold.
    public let limit: Int
    /// Set when a write did not fit; every write after it was dropped.
    public private(set) var overflowed = false

    /// An empty writer with room for `capacity` bytes (at most `limit`) reserved up front.
    public init(reservingCapacity capacity: Int = 256, limit: Int = .max) {
        precondition(limit >= 0, "limit must not be negative")
        bytes = []
        bytes.reserveCapacity(min(capacity, limit))
        self.limit = limit
    }

    /// Bytes written so far.
    public var count: Int { bytes.count }

    /// Empties the buffer and clears `overflowed`, keeping the storage.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        overflowed = false
    }

    /// Lends the bytes written so far to `body`. Mutating only to reach the storage in
    /// place: reading `bytes` of a writer stored in an array element retains the buffer.
    @inlinable
    public mutating func withWrittenBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBytes(body)
    }

    /// Whether `count` more bytes fit; marks the writer overflowed when they do not.
    @inline(__always)
    mutating func makeRoom(_ count: Int) -> Bool {
        if overflowed { return false }
        if count > limit - bytes.count {
            overflowed = true
            return false
        }
        return true
    }

    /// One byte.
    public mutating func writeUInt8(_ value: UInt8) {
        guard makeRoom(1) else { return }
        bytes.append(value)
    }

    /// Little-endian.
    public mutating func writeUInt16(_ value: UInt16) {
        guard makeRoom(2) else { return }
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    /// Little-endian.
    public mutating func writeUInt32(_ value: UInt32) {
        guard makeRoom(4) else { return }
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
    }

    /// LEB128 (see `VarUInt`), 1...10 bytes.
    public mutating func writeVarUInt(_ value: UInt64) {
        // Most values on the hot paths (small deltas, op words) take one byte.
        if value < 0x80 { return writeUInt8(UInt8(truncatingIfNeeded: value)) }
        guard makeRoom(VarUInt.length(of: value)) else { return }
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Zig-zag mapped, then LEB128: -64...63 take one byte.
    public mutating func writeVarInt(_ value: Int64) {
        writeVarUInt(ZigZag.encode(value))
    }

    /// The bytes as they are (no length prefix); all or nothing under the limit.
    public mutating func writeBytes(_ source: some Collection<UInt8>) {
        guard makeRoom(source.count) else { return }
        bytes.append(contentsOf: source)
    }

    /// The bytes as they are (no length prefix); all or nothing under the limit.
    public mutating func writeBytes(_ source: UnsafeRawBufferPointer) {
        guard makeRoom(source.count) else { return }
        bytes.append(contentsOf: source)
    }

    /// Byte length as a varuint, then the UTF-8 bytes. All or nothing under the limit.
    public mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            guard makeRoom(VarUInt.length(of: UInt64(utf8.count)) + utf8.count) else { return }
            writeVarUInt(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}
