/// A short run of bytes built on the stack and appended to a `ByteWriter` at once: one
/// limit check and one array append for the run, where `ByteWriter` checks both per write.
/// For hot encoders that know a bound on what they write (a snapshot's entity).
public struct ByteRun: ~Copyable {
    @usableFromInline let buffer: UnsafeMutableRawBufferPointer
    @usableFromInline var written = 0
    /// Bytes written so far.
    public var count: Int { written }

    @usableFromInline init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

    /// One byte; traps past the run's capacity.
    @inlinable
    public mutating func writeUInt8(_ value: UInt8) {
        precondition(written < buffer.count, "byte run full")
        buffer[written] = value
        written &+= 1
    }

    /// LEB128 (see `VarUInt`); traps unless `VarUInt.maxLength` bytes are left.
    @inlinable
    public mutating func writeVarUInt(_ value: UInt64) {
        precondition(buffer.count &- written >= VarUInt.maxLength, "byte run full")
        var rest = value
        while rest >= 0x80 {
            buffer[written] = UInt8(truncatingIfNeeded: rest) | 0x80
            written &+= 1
            rest >>= 7
        }
        buffer[written] = UInt8(truncatingIfNeeded: rest)
        written &+= 1
    }

    /// Zig-zag mapped, then LEB128.
    @inlinable
    public mutating func writeVarInt(_ value: Int64) {
        writeVarUInt(ZigZag.encode(value))
    }

    /// Runs `body` with an empty run of `capacity` bytes on the stack (small runs), and
    /// returns what it returns: for bytes that go out at once, such as a message's head.
    @inlinable
    public static func withRun<Result>(capacity: Int, _ body: (inout ByteRun) -> Result) -> Result {
        withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 1) { buffer in
            var run = ByteRun(buffer)
            let result = body(&run)
            // Runs are ~Copyable but can be swapped between nested calls.
            precondition(run.buffer.baseAddress == buffer.baseAddress, "a run of another call")
            return result
        }
    }

    /// The bytes written so far, valid during `body`.
    @inlinable
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        body(UnsafeRawBufferPointer(rebasing: buffer[..<written]))
    }
}

extension ByteWriter {
    /// Lets `body` write at most `capacity` bytes into a run, then appends the run: all or
    /// nothing under the limit, like `writeBytes`. A varint asks for `VarUInt.maxLength`
    /// bytes whatever its value, so `capacity` counts every varint at that length. Small
    /// runs live on the stack.
    @inlinable
    public mutating func writeRun(capacity: Int, _ body: (inout ByteRun) -> Void) {
        ByteRun.withRun(capacity: capacity) { run in
            body(&run)
            run.withBytes { writeBytes($0) }
        }
    }
}
