// Shared by the fuzz harnesses (Tests/Fuzz/Targets) and the seed generator
// (scripts/fuzz-seeds.swift). Plain Swift, no module imports: compiled into each binary.

/// Stops the run with a message libFuzzer reports as a crash (the input is then saved).
func fuzzFailure(_ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) -> Never {
    fatalError("fuzz check failed: \(message())", file: file, line: line)
}

func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
    if !condition { fuzzFailure(message(), file: file, line: line) }
}

/// How a split target cuts its input into reads.
///
/// Input layout: `config` byte, then `config & 7` chunk-length bytes, then the stream.
/// The stream is fed in reads of those lengths, cycling through them until it is used
/// up (a length 0 is an empty read). No length bytes, or only zeros, means one byte per
/// read. The config's top five bits are left to the target (e.g. to pick limits).
struct ChunkPlan: Equatable {
    var config: UInt8
    var lengths: [Int]

    static let maxLengths = 7

    /// Splits `input` into the plan and the stream; nil when the input is too short to
    /// hold the plan.
    static func parse(_ input: UnsafeRawBufferPointer) -> (plan: ChunkPlan, stream: UnsafeRawBufferPointer)? {
        guard let config = input.first else { return nil }
        let count = Int(config) & maxLengths
        guard input.count >= 1 + count else { return nil }
        let lengths = input[1 ..< 1 + count].map(Int.init)
        let stream = UnsafeRawBufferPointer(rebasing: input[(1 + count)...])
        return (ChunkPlan(config: config, lengths: lengths), stream)
    }

    /// The target-specific top bits of the config byte (0...31).
    var options: Int { Int(config >> 3) }

    /// Read boundaries for a stream of `total` bytes: each element is a range of it.
    /// Lengths that are all 0 count as none (one byte per read).
    func chunks(total: Int) -> [Range<Int>] {
        let pattern = lengths.contains(where: { $0 > 0 }) ? lengths : [1]
        var result: [Range<Int>] = []
        var offset = 0
        var index = 0
        while offset < total {
            let length = min(pattern[index % pattern.count], total - offset)
            result.append(offset ..< offset + length)
            offset += length
            index += 1
        }
        return result
    }

    /// The input bytes for this plan and `stream` (what the generator writes).
    func encode(_ stream: [UInt8]) -> [UInt8] {
        precondition(lengths.count <= Self.maxLengths && lengths.allSatisfy { (0...255).contains($0) })
        precondition(Int(config) & Self.maxLengths == 0, "the low 3 config bits hold the length count")
        return [config | UInt8(lengths.count)] + lengths.map { UInt8($0) } + stream
    }
}

/// Copies `bytes` into a fresh allocation of exactly its size, so AddressSanitizer sees
/// any read or write past the end of what a parser was given.
func withExactCopy<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeMutableRawBufferPointer) -> R) -> R {
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
    defer { copy.deallocate() }
    if bytes.count > 0 { copy.copyMemory(from: bytes) }
    return body(copy)
}

// MARK: - Snapshot target input

/// Baseline worlds for the snapshot target, as compact bytes the fuzzer can mutate.
///
/// Snapshot input layout: `mode` byte (bit 0: schema, 0 = Arena, 1 = `TestSchema`),
/// baseline section length (UInt16 little-endian), the baseline section, then the
/// snapshot message. Baseline section: tick (LEB128, truncated to 32 bits; 0 means 1),
/// then entity records until the section ends: id gap (LEB128; id = previous + 1 + gap,
/// previous starts at -1), kind byte (taken modulo the schema's kind count), then one
/// zig-zag LEB128 value per field of that kind (truncated to Int32). A record cut short
/// or an id past 65535 ends the list; that record is dropped.
enum BaselineBytes {
    struct Entity: Equatable {
        var id: Int
        var kind: UInt8
        var values: [Int64]
    }

    struct Layout {
        var mode: UInt8
        var baseline: ArraySlice<UInt8>
        var message: ArraySlice<UInt8>
    }

    static func split(_ input: [UInt8]) -> Layout? {
        guard input.count >= 3 else { return nil }
        let length = Int(input[1]) | Int(input[2]) << 8
        let end = min(input.count, 3 + length)
        return Layout(mode: input[0], baseline: input[3 ..< end], message: input[end...])
    }

    /// Reads the tick and entity records; `fieldCounts[kind]` is each kind's field count.
    static func read(_ section: ArraySlice<UInt8>, fieldCounts: [Int]) -> (tick: UInt32, entities: [Entity]) {
        var cursor = Cursor(bytes: section)
        let tick = max(1, UInt32(truncatingIfNeeded: cursor.varUInt() ?? 1))
        var entities: [Entity] = []
        var previous = -1
        while !cursor.isAtEnd {
            guard let gap = cursor.varUInt(), gap <= 65_536, let rawKind = cursor.byte() else { break }
            let id = previous + 1 + Int(gap)
            guard id <= 65_535 else { break }
            let kind = UInt8(Int(rawKind) % fieldCounts.count)
            var values: [Int64] = []
            for _ in 0 ..< fieldCounts[Int(kind)] {
                guard let raw = cursor.varUInt() else { return (tick, entities) }
                values.append(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
            }
            entities.append(Entity(id: id, kind: kind, values: values))
            previous = id
        }
        return (tick, entities)
    }

    /// The section for a tick and entities (ids strictly increasing): the generator's side.
    static func write(tick: UInt32, entities: [Entity]) -> [UInt8] {
        var out: [UInt8] = []
        writeVarUInt(UInt64(tick), into: &out)
        var previous = -1
        for entity in entities {
            precondition(entity.id > previous)
            writeVarUInt(UInt64(entity.id - previous - 1), into: &out)
            out.append(entity.kind)
            for value in entity.values {
                writeVarUInt(UInt64(bitPattern: (value << 1) ^ (value >> 63)), into: &out)
            }
            previous = entity.id
        }
        return out
    }

    static func input(mode: UInt8, baseline: [UInt8], message: [UInt8]) -> [UInt8] {
        precondition(baseline.count <= 0xFFFF)
        return [mode, UInt8(baseline.count & 0xFF), UInt8(baseline.count >> 8)] + baseline + message
    }

    static func writeVarUInt(_ value: UInt64, into out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    /// A forgiving LEB128 reader (any encoding of up to 10 bytes; overflowing bits dropped).
    struct Cursor {
        var bytes: ArraySlice<UInt8>
        var isAtEnd: Bool { bytes.isEmpty }

        mutating func byte() -> UInt8? { bytes.popFirst() }

        mutating func varUInt() -> UInt64? {
            var value: UInt64 = 0
            for shift in stride(from: UInt64(0), to: 70, by: 7) {
                guard let byte = bytes.popFirst() else { return nil }
                if shift < 64 { value |= UInt64(byte & 0x7F) << shift }
                if byte & 0x80 == 0 { return value }
            }
            return value
        }
    }
}
