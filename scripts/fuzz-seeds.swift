// Writes the fuzz seed corpora, Tests/Fuzz/Corpus/<target>/seed-*, with the project's own
// encoders (FrameWriter, ClientMessage.encoded, SnapshotEncoder). Run via
// `scripts/fuzz.sh seeds`, which builds it with Tests/Fuzz/Support/*.swift. Files not
// named seed-* (saved findings) are left alone.
import Arena
import GameCore
import Glibc
import Replication
import WebSocket
import Wire

@main @MainActor
struct FuzzSeeds {
    static var written: [String: [UInt8]] = [:]
    static var target = ""

    static func seed(_ name: String, _ bytes: [UInt8]) {
        let file = "\(target)/seed-\(name)"
        precondition(written[file] == nil, "duplicate seed \(file)")
        written[file] = bytes
    }

    static func main() {
        let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Tests/Fuzz/Corpus"
        target = "frame-reader"; frameReaderSeeds()
        target = "http-request"; httpRequestSeeds()
        target = "client-message"; clientMessageSeeds()
        target = "snapshot"; snapshotSeeds()

        for directory in Set(written.keys.map { String($0.split(separator: "/")[0]) }) {
            let path = "\(root)/\(directory)"
            _ = mkdir(root, 0o755)
            _ = mkdir(path, 0o755)
            if let handle = opendir(path) {
                while let entry = readdir(handle) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                    if name.hasPrefix("seed-") { unlink("\(path)/\(name)") }
                }
                closedir(handle)
            }
        }
        for (file, bytes) in written.sorted(by: { $0.key < $1.key }) {
            guard let handle = fopen("\(root)/\(file)", "wb") else { fatalError("cannot write \(root)/\(file)") }
            _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
            fclose(handle)
        }
        let counts = Dictionary(grouping: written.keys, by: { String($0.split(separator: "/")[0]) }).mapValues(\.count)
        for (directory, count) in counts.sorted(by: { $0.key < $1.key }) {
            print("\(root)/\(directory): \(count) seeds")
        }
    }

    // MARK: frame-reader

    /// Config bits for the frame-reader target: maxMessageBytes index (0...7, see
    /// FrameReaderFuzz.swift; 7 = 1 MiB) and maxFragmentsPerMessage index (0...3; 3 = 1024).
    static func frameConfig(message: Int = 7, fragments: Int = 3) -> UInt8 {
        UInt8((message | fragments << 3) << 3)
    }

    static let key: UInt32 = 0x37FA_213D

    static func frame(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, mask: UInt32? = key) -> [UInt8] {
        var out: [UInt8] = []
        payload.withUnsafeBytes { FrameWriter.appendFrame(to: &out, opcode: opcode, fin: fin, payload: $0, maskKey: mask) }
        return out
    }

    static func close(_ code: UInt16, _ reason: String) -> [UInt8] {
        var out: [UInt8] = []
        FrameWriter.appendCloseFrame(to: &out, code: CloseCode(rawValue: code), reason: reason, maskKey: key)
        return out
    }

    static func frameSeed(_ name: String, _ stream: [UInt8], reads: [Int] = [], config: UInt8 = frameConfig()) {
        seed(name, ChunkPlan(config: config, lengths: reads).encode(stream))
    }

    static func frameReaderSeeds() {
        let hello = frame(.text, Array("Hello".utf8))
        frameSeed("text-hello", hello, reads: [200])
        frameSeed("text-hello-bytewise", hello)
        frameSeed("text-empty", frame(.text, []), reads: [3])
        frameSeed("binary-16", frame(.binary, Array(0..<16), mask: 0x0102_0304), reads: [5, 0, 13])
        frameSeed("binary-300-len16", frame(.binary, (0..<300).map { UInt8($0 & 0xFF) }), reads: [2, 2, 4, 250])
        frameSeed("ping", frame(.ping, Array("ping!".utf8)), reads: [1, 6])
        frameSeed("pong-empty", frame(.pong, []), reads: [7])
        frameSeed("ping-125", frame(.ping, Array(repeating: 0x61, count: 125)), reads: [9, 100])
        frameSeed("close-1000-done", close(1000, "done"), reads: [4, 4])
        frameSeed("close-empty", frame(.close, []), reads: [6])
        frameSeed("close-3000-utf8", close(3000, "bye \u{E9}\u{1F680}"), reads: [3])
        frameSeed("text-utf8-4byte", frame(.text, Array("\u{1F680} r\u{E9}sum\u{E9} \u{4E2D}".utf8)), reads: [8, 1])

        // Fragmented messages, with control frames between fragments.
        var fragmented = frame(.text, [0x68, 0xC3], fin: false)         // "h" + first byte of "é"
        fragmented += frame(.ping, Array("mid".utf8))
        fragmented += frame(.continuation, [0xA9, 0x21], fin: false)       // rest of "é" + "!"
        fragmented += frame(.pong, [])
        fragmented += frame(.continuation, [])                             // empty final fragment
        frameSeed("text-fragmented-ping-pong", fragmented, reads: [3, 5, 1, 11])
        frameSeed("text-fragmented-bytewise", fragmented)
        var binaryFragments = frame(.binary, [1, 2, 3], fin: false)
        binaryFragments += frame(.continuation, [4, 5, 6, 7, 8, 9, 10, 11, 12], fin: false, mask: 0xFFFF_FFFF)
        binaryFragments += frame(.continuation, [13], mask: 0)
        frameSeed("binary-3-fragments", binaryFragments, reads: [200])
        frameSeed("binary-3-fragments-limit-2", binaryFragments, reads: [200], config: frameConfig(fragments: 1))

        // A mixed conversation ending in a close.
        var stream = frame(.text, Array("join".utf8))
        stream += frame(.binary, [0x02, 0x00, 0x01, 0x7F, 0x81, 0x00, 0x40, 0x01])
        stream += frame(.ping, [0, 0, 0, 0, 0, 0, 0, 1])
        stream += frame(.binary, Array(repeating: 0xAB, count: 130))
        stream += close(1001, "going away")
        frameSeed("conversation", stream, reads: [1, 2, 3, 5, 8, 13, 21])
        frameSeed("data-after-close", close(1000, "") + frame(.text, Array("late".utf8)), reads: [8])

        // 64-bit length (not minimal, which the reader allows) and its top-bit rule.
        let payload = Array("sixty-four".utf8)
        var long: [UInt8] = [0x82, 0xFF, 0, 0, 0, 0, 0, 0, 0, UInt8(payload.count), 0x11, 0x22, 0x33, 0x44]
        long += payload.enumerated().map { $0.element ^ [0x11, 0x22, 0x33, 0x44][$0.offset % 4] }
        frameSeed("binary-len64", long, reads: [4, 4, 4])
        frameSeed("len64-top-bit", [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 0], reads: [15])

        // Limits (maxMessageBytes index 3 = 16, index 4 = 125).
        frameSeed("text-over-limit-16", frame(.text, Array("twenty bytes of txt".utf8)), config: frameConfig(message: 3))
        frameSeed("fragments-over-limit-16", frame(.binary, Array(repeating: 1, count: 10), fin: false)
            + frame(.continuation, Array(repeating: 2, count: 10)), reads: [16], config: frameConfig(message: 3))
        frameSeed("binary-126-len16-limit-125", frame(.binary, Array(repeating: 7, count: 126)), reads: [64],
                  config: frameConfig(message: 4))

        // Protocol violations.
        frameSeed("unmasked-text", frame(.text, Array("Hi".utf8), mask: nil), reads: [10])
        frameSeed("rsv1-set", [0xC1, 0x80, 1, 2, 3, 4], reads: [10])
        frameSeed("opcode-3", [0x83, 0x80, 1, 2, 3, 4], reads: [10])
        frameSeed("ping-not-fin", frame(.ping, [1], fin: false), reads: [10])
        frameSeed("ping-126", frame(.ping, Array(repeating: 0, count: 126)), reads: [200])
        frameSeed("close-1-byte", frame(.close, [0x03]), reads: [10])
        frameSeed("close-code-1005", frame(.close, [0x03, 0xED]), reads: [10])
        frameSeed("close-reason-bad-utf8", frame(.close, [0x03, 0xE8, 0xC3, 0x28]), reads: [3])
        frameSeed("text-bad-utf8", frame(.text, [0x61, 0xED, 0xA0, 0x80]), reads: [7])
        frameSeed("text-truncated-utf8-end", frame(.text, [0x61, 0xE2, 0x82]), reads: [8])
        frameSeed("continuation-first", frame(.continuation, [1]), reads: [10])
        frameSeed("text-inside-fragmented", frame(.text, [0x61], fin: false) + frame(.text, [0x62]), reads: [4])
    }

    // MARK: http-request

    /// Config bits for the http-request target: maxHeaderBytes index (0...3; 3 = 8192) and
    /// maxHeaderCount index (0...3; 3 = 64), see HTTPRequestFuzz.swift.
    static func httpConfig(bytes: Int = 3, count: Int = 3) -> UInt8 {
        UInt8((bytes | count << 2) << 3)
    }

    static func httpSeed(_ name: String, _ text: String, extra: [UInt8] = [], reads: [Int] = [200], config: UInt8 = httpConfig()) {
        seed(name, ChunkPlan(config: config, lengths: reads).encode(Array(text.utf8) + extra))
    }

    static func httpRequestSeeds() {
        let upgrade = "GET /play HTTP/1.1\r\nHost: localhost:7777\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: tickwire.v1\r\nOrigin: http://localhost:7777\r\n\r\n"
        httpSeed("upgrade", upgrade)
        httpSeed("upgrade-bytewise", upgrade, reads: [])
        // Reads that end inside the CRLFCRLF terminator.
        httpSeed("upgrade-split-terminator", upgrade, reads: [upgrade.utf8.count - 3, 1, 1, 1].map { min($0, 255) })
        httpSeed("upgrade-then-frame", upgrade, extra: frame(.binary, [1, 1, 4, 0x61, 0x6E, 0x6E, 0]), reads: [100, 100])
        httpSeed("upgrade-chrome-style", "GET /?room=abc HTTP/1.1\r\nHost: 127.0.0.1:7777\r\nConnection: keep-alive, Upgrade\r\n"
            + "Pragma: no-cache\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nUpgrade: WebSocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nAccept-Encoding: gzip, deflate\r\n"
            + "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n", reads: [50, 0, 7])
        httpSeed("health", "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        httpSeed("pipelined", "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /rooms HTTP/1.0\r\n\r\n",
                 reads: [20, 30])
        httpSeed("http-1.0-no-headers", "GET / HTTP/1.0\r\n\r\n", reads: [5])
        httpSeed("leading-crlf", "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", reads: [2])
        httpSeed("whitespace-values", "POST /x?y=1 HTTP/1.1\r\nHost:\t x \t\r\nEmpty:\r\nX-Utf8: caf\u{E9}\r\nX-List: a, b,, c\r\n\r\n",
                 reads: [13, 1])
        httpSeed("http-2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n")
        httpSeed("version-1.10", "GET / HTTP/1.10\r\n\r\n")
        httpSeed("version-lowercase", "GET / http/1.1\r\n\r\n")
        httpSeed("request-line-2-parts", "GET /\r\nHost: x\r\n\r\n")
        httpSeed("request-line-double-space", "GET  / HTTP/1.1\r\n\r\n")
        httpSeed("method-not-token", "G(T / HTTP/1.1\r\n\r\n")
        httpSeed("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\n  X-Folded: y\r\n\r\n")
        httpSeed("space-before-colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n")
        httpSeed("no-colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n")
        httpSeed("empty-name", "GET / HTTP/1.1\r\n: x\r\n\r\n")
        httpSeed("bare-lf", "GET / HTTP/1.1\nHost: x\r\n\r\n")
        httpSeed("bare-cr", "GET / HTTP/1.1\rHost: x\r\n\r\n")
        httpSeed("control-in-value", "GET / HTTP/1.1\r\nHost: x\u{7F}y\r\n\r\n")
        httpSeed("control-in-start-line", "GET /\u{01} HTTP/1.1\r\n\r\n")
        httpSeed("empty-head", "\r\n\r\n")
        // Limits: index 1 = 64 header bytes; count index 1 = 1 header.
        httpSeed("too-large-64", upgrade, reads: [30], config: httpConfig(bytes: 1))
        httpSeed("exactly-64", "GET /0123456789012345678901234567890123 HTTP/1.1\r\nHost: x\r\n\r\n",
                 reads: [60, 2, 2], config: httpConfig(bytes: 1))
        httpSeed("too-many-headers-1", "GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n\r\n", config: httpConfig(count: 1))
        httpSeed("one-header-limit-1", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", config: httpConfig(count: 1))
        httpSeed("no-headers-limit-0", "GET / HTTP/1.1\r\n\r\n", config: httpConfig(count: 0))
    }

    // MARK: client-message

    static func clientMessageSeeds() {
        func message(_ name: String, _ message: ClientMessage) { seed(name, message.encoded(layout: ArenaInput.layout)) }
        let v = ProtocolVersion.current
        message("join-any", .join(version: v, name: "ann", target: .any))
        message("join-room", .join(version: v, name: "bob", target: .room("r-1234")))
        message("join-map", .join(version: v, name: "Zo\u{EB} \u{1F680}", target: .level(game: "", level: "arena-small")))
        message("join-level", .join(version: v, name: "p", target: .level(game: "pong", level: "classic")))
        message("join-empty-name", .join(version: v, name: "", target: .any))
        message("join-name-64", .join(version: v, name: String(repeating: "n", count: 64), target: .room("")))
        message("input-still", .input(ack: 0, input: PlayerInput()))
        message("input-typical", .input(ack: 1234, input: ArenaInput.make(sequence: 1235, moveX: 127, moveY: -127, aim: 16384, fire: true)))
        message("input-max", .input(ack: .max, input: ArenaInput.make(sequence: .max, moveX: -127, moveY: 127, aim: .max)))
        message("input-varint-edges", .input(ack: 127, input: ArenaInput.make(sequence: 128, moveX: 1, moveY: -1, aim: 255, fire: true)))
        seed("input-wide", [0x02, 0x05, 0x06, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x01, 0xA5, 0xA5, 0x07])
        message("leave", .leave)
        message("list-rooms", .listRooms)
        message("resume", .resume(version: v, token: Array(0..<16)))
        message("resume-ff", .resume(version: v, token: Array(repeating: 0xFF, count: 16)))
        message("spectate", .spectate(version: v, adminToken: "s3cret", room: "r-1"))
        message("spectate-empty", .spectate(version: v, adminToken: "", room: ""))
        message("ack-small", .ack(tick: 1))
        message("ack-large", .ack(tick: 0x0FFF_FFFF))
        message("ack-max", .ack(tick: .max))

        // Refusals.
        seed("empty", [])
        seed("kind-0", [0x00])
        seed("kind-8", [0x08])
        seed("server-kind-welcome", [0x81, 0x01])
        seed("join-version-1", [0x01, 0x01, 0x03, 0x61, 0x6E, 0x6E, 0x00])
        seed("join-target-3", [0x01, v, 0x01, 0x61, 0x03])
        seed("join-name-65", [0x01, v, 65] + Array(repeating: 0x6E, count: 65) + [0x00])
        seed("join-name-bad-utf8", [0x01, v, 0x02, 0xC3, 0x28, 0x00])
        seed("input-move-min", [0x02, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00, 0x00])
        seed("input-button-2", [0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02])
        seed("input-truncated", [0x02, 0x00, 0x01, 0x00])
        seed("ack-noncanonical", [0x07, 0x80, 0x00])
        seed("ack-over-32-bits", [0x07, 0x80, 0x80, 0x80, 0x80, 0x10])
        seed("ack-varint-11-bytes", [0x07] + Array(repeating: 0xFF, count: 10) + [0x01])
        seed("leave-trailing", [0x03, 0x00])
        seed("resume-short-token", [0x05, v] + Array(repeating: 0xAA, count: 15))
    }

    // MARK: snapshot

    /// SplitMix64, so the seed worlds are the same on every run.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Arena-like worlds: values mostly in their field's range, some at its ends.
    static func world(tick: UInt32, ids: [UInt16], schema: EntitySchema, rng: inout SplitMix) -> WorldState {
        var state = WorldState(tick: tick)
        for id in ids {
            let kind = UInt8.random(in: 0 ..< UInt8(schema.kinds.count), using: &rng)
            let entity = state.append(id: id, kind: kind)
            for (index, field) in schema.kinds[Int(kind)].fields.enumerated() {
                state.set(entity, index, value(for: field, rng: &rng))
            }
        }
        return state
    }

    static func value(for field: FieldDescriptor, rng: inout SplitMix) -> Int32 {
        if Int.random(in: 0..<20, using: &rng) == 0 { return Int32.random(in: .min ... .max, using: &rng) }
        let range = field.wireRange
        let quantized: Int64
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: quantized = range.lowerBound
        case 1: quantized = range.upperBound
        default: quantized = Int64.random(in: range, using: &rng)
        }
        let low = field.quantizeShift == 0 ? 0 : Int64.random(in: 0 ..< (Int64(1) << field.quantizeShift), using: &rng)
        return Int32(truncatingIfNeeded: quantized << field.quantizeShift | low)
    }

    /// `base` a few ticks later: some entities removed, some replaced by another kind,
    /// some changed (nudged or set anew), some added.
    static func evolve(_ base: WorldState, tick: UInt32, schema: EntitySchema, added: [UInt16], rng: inout SplitMix) -> WorldState {
        var next = WorldState(tick: tick)
        var pending = added.filter { base.index(of: $0) == nil }.sorted()[...]
        func addPending(below id: Int) {
            while let first = pending.first, Int(first) < id {
                let kind = UInt8.random(in: 0 ..< UInt8(schema.kinds.count), using: &rng)
                let entity = next.append(id: first, kind: kind)
                for (index, field) in schema.kinds[Int(kind)].fields.enumerated() {
                    next.set(entity, index, value(for: field, rng: &rng))
                }
                pending.removeFirst()
            }
        }
        for entity in 0 ..< base.count {
            let id = base.ids[entity]
            addPending(below: Int(id))
            let roll = Int.random(in: 0..<10, using: &rng)
            if roll == 0 { continue } // removed
            var kind = base.kinds[entity]
            if roll == 1 { kind = (kind + 1) % UInt8(schema.kinds.count) } // replaced by another kind
            let new = next.append(id: id, kind: kind)
            for (index, field) in schema.kinds[Int(kind)].fields.enumerated() {
                let old = kind == base.kinds[entity] ? base.value(entity, index) : 0
                switch roll {
                case 1: next.set(new, index, value(for: field, rng: &rng))
                case 2...5: next.set(new, index, old) // unchanged
                case 6, 7: next.set(new, index, Bool.random(using: &rng) ? old : old &+ (Int32.random(in: -40...40, using: &rng) << field.quantizeShift))
                default: next.set(new, index, Bool.random(using: &rng) ? old : value(for: field, rng: &rng))
                }
            }
        }
        addPending(below: Int.max)
        return next
    }

    static func baselineSection(_ state: WorldState, schema: EntitySchema) -> [UInt8] {
        let entities = (0 ..< state.count).map { entity in
            BaselineBytes.Entity(
                id: Int(state.ids[entity]), kind: state.kinds[entity],
                values: schema.kinds[Int(state.kinds[entity])].fields.indices.map { Int64(state.value(entity, $0)) })
        }
        return BaselineBytes.write(tick: state.tick, entities: entities)
    }

    static func snapshotMessage(from baseline: WorldState?, to current: WorldState, sequence: UInt32, schema: EntitySchema) -> [UInt8] {
        var writer = ByteWriter()
        SnapshotHeader(tick: current.tick, baselineTick: baseline?.tick ?? 0, lastInputSequence: sequence).write(into: &writer)
        SnapshotEncoder.encodeEntities(from: baseline, to: current, schema: schema, into: &writer)
        return writer.bytes
    }

    /// mode bit 0: 0 = Arena's schema, 1 = TestSchema.
    static func snapshotSeed(_ name: String, fuzzSchema: Bool, baseline: WorldState, message: [UInt8]) {
        let schema = fuzzSchema ? TestSchema.schema : ArenaSchema.schema
        seed(name, BaselineBytes.input(mode: fuzzSchema ? 1 : 0, baseline: baselineSection(baseline, schema: schema), message: message))
    }

    static func snapshotPair(_ name: String, fuzzSchema: Bool, baseline: WorldState, current: WorldState, sequence: UInt32 = 0) {
        let schema = fuzzSchema ? TestSchema.schema : ArenaSchema.schema
        snapshotSeed("\(name)-full", fuzzSchema: fuzzSchema, baseline: baseline,
                     message: snapshotMessage(from: nil, to: current, sequence: sequence, schema: schema))
        snapshotSeed("\(name)-delta", fuzzSchema: fuzzSchema, baseline: baseline,
                     message: snapshotMessage(from: baseline, to: current, sequence: sequence, schema: schema))
    }

    static func snapshotSeeds() {
        var rng = SplitMix(state: 0x71C_3A1E)
        for fuzzSchema in [false, true] {
            let schema = fuzzSchema ? TestSchema.schema : ArenaSchema.schema
            let tag = fuzzSchema ? "fuzz" : "arena"
            // Empty world to a small one; dense ids; sparse ids up to 65535.
            let empty = WorldState(tick: 1)
            snapshotPair("\(tag)-from-empty", fuzzSchema: fuzzSchema, baseline: empty,
                         current: world(tick: 2, ids: [0, 1, 2], schema: schema, rng: &rng))
            let dense = world(tick: 40, ids: Array(0..<12), schema: schema, rng: &rng)
            snapshotPair("\(tag)-dense", fuzzSchema: fuzzSchema, baseline: dense,
                         current: evolve(dense, tick: 43, schema: schema, added: [12, 13, 30], rng: &rng), sequence: 77)
            let sparse = world(tick: 1000, ids: [0, 5, 31, 32, 200, 4096, 65_534, 65_535], schema: schema, rng: &rng)
            snapshotPair("\(tag)-sparse", fuzzSchema: fuzzSchema, baseline: sparse,
                         current: evolve(sparse, tick: 1031, schema: schema, added: [1, 64, 30_000], rng: &rng))
            // Nothing changed: the one-byte delta; everything removed.
            snapshotSeed("\(tag)-unchanged-delta", fuzzSchema: fuzzSchema, baseline: dense,
                         message: snapshotMessage(from: dense, to: { var s = dense; s.tick = 41; return s }(), sequence: 0, schema: schema))
            snapshotSeed("\(tag)-all-removed", fuzzSchema: fuzzSchema, baseline: dense,
                         message: snapshotMessage(from: dense, to: WorldState(tick: 50), sequence: 0, schema: schema))
            // Large ticks and sequence numbers.
            let late = world(tick: 0xFFFF_FF00, ids: [7, 8, 9], schema: schema, rng: &rng)
            snapshotPair("\(tag)-large-ticks", fuzzSchema: fuzzSchema, baseline: late,
                         current: evolve(late, tick: 0xFFFF_FFFF, schema: schema, added: [10], rng: &rng), sequence: .max)
        }

        // Arena as the server produces it: players moving, a projectile flying, pickups.
        var arena = WorldState(tick: 300)
        for (id, kind) in [(0, ArenaSchema.Kind.player), (1, ArenaSchema.Kind.player), (40, ArenaSchema.Kind.projectile),
                           (1000, ArenaSchema.Kind.pickup), (1001, ArenaSchema.Kind.pickup)] {
            let entity = arena.append(id: UInt16(id), kind: kind)
            let fields = ArenaSchema.schema.kinds[Int(kind)].fields.count
            for field in 0 ..< fields { arena.set(entity, field, Int32(id * 97 + field * 1031) & 0x3FFF) }
        }
        var moved = arena
        moved.tick = 302
        moved.set(0, ArenaSchema.Player.x, arena.value(0, ArenaSchema.Player.x) + 68)
        moved.set(1, ArenaSchema.Player.health, 0)
        moved.set(4, ArenaSchema.Pickup.active, 0)
        snapshotPair("arena-play", fuzzSchema: false, baseline: arena, current: moved, sequence: 12)

        // The extremes kind (TestSchema kind 3) at Int32's ends, and the field-less marker.
        var extremes = WorldState(tick: 9)
        for (id, value) in [(0, Int32.min), (1, Int32.max), (2, Int32(-1)), (3, Int32(0))] {
            let entity = extremes.append(id: UInt16(id), kind: 3)
            for field in 0..<16 { extremes.set(entity, field, field % 2 == 0 ? value : ~value) }
        }
        extremes.append(id: 4, kind: 4)
        var flipped = extremes
        flipped.tick = 10
        for entity in 0..<4 { for field in 0..<16 { flipped.set(entity, field, ~extremes.value(entity, field)) } }
        snapshotPair("fuzz-extremes", fuzzSchema: true, baseline: extremes, current: flipped)

        // Refusals, from Tests/ReplicationTests/SnapshotRejectionTests.swift (baseline: tick 4,
        // one player at id 0, all fields 0; schema TestSchema).
        var tick4 = WorldState(tick: 4)
        tick4.append(id: 0, kind: 0)
        let refusals: [(String, [UInt8])] = [
            ("truncated", [0x05, 0x00, 0x00, 0x03, 0x00, 0x01]),
            ("noncanonical-varint", [0x05, 0x00, 0x00, 0x80, 0x00]),
            ("invalid-ticks", [0x05, 0x05, 0x00, 0x00]),
            ("wrong-baseline", [0x05, 0x02, 0x00, 0x00]),
            ("bad-end-marker", [0x05, 0x00, 0x00, 0x04]),
            ("bad-change-mask", [0x05, 0x01, 0x00, 0x85, 0x04, 0x00]),
            ("unknown-kind", [0x05, 0x00, 0x00, 0x03, 0x09, 0x00, 0x00]),
            ("id-out-of-range", [0x05, 0x00, 0x00, 0xFF, 0xFF, 0x0F, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00]),
            ("changed-not-in-baseline", [0x05, 0x01, 0x00, 0x09, 0x01, 0x02, 0x00]),
            ("removed-not-in-baseline", [0x05, 0x01, 0x00, 0x06, 0x00]),
            ("added-already-present", [0x05, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00]),
            ("value-out-of-range", [0x05, 0x00, 0x00, 0x03, 0x00, 0x08, 0x80, 0x02, 0x00]),
            ("trailing-bytes", [0x05, 0x00, 0x00, 0x00, 0xFF]),
        ]
        for (name, message) in refusals {
            snapshotSeed("refuse-\(name)", fuzzSchema: true, baseline: tick4, message: message)
        }
        // Id 0 replaced by a pickup (kind 2) with active = 1.
        snapshotSeed("added-replaces-kind", fuzzSchema: true, baseline: tick4, message: [0x05, 0x01, 0x00, 0x03, 0x02, 0x04, 0x02, 0x00])
    }
}
