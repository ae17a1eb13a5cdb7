import TestSupport
import GameCore
import Replication
import Testing
import Wire

/// decode(encode(a -> b), a) == quantize(b), over many random worlds and changes.
@Suite struct SnapshotRoundTripTests {
    let schema = TestSchema.schema

    @Test(arguments: 0..<200)
    func fullSnapshotRebuildsTheQuantizedWorld(seed: Int) throws {
        var generator = WorldGenerator(seed: UInt64(seed))
        let world = generator.world(tick: UInt32(seed + 1))
        let message = encodeSnapshot(from: nil, to: world, lastInputSequence: UInt32(seed))
        let (header, decoded) = try SnapshotDecoder.decode(message, baseline: nil, schema: schema)
        #expect(header == SnapshotHeader(tick: world.tick, baselineTick: 0, lastInputSequence: UInt32(seed)))
        #expect(decoded == world.quantized(by: schema))
    }

    @Test(arguments: 0..<300)
    func deltaRebuildsTheQuantizedWorld(seed: Int) throws {
        var generator = WorldGenerator(seed: UInt64(seed) &* 7919)
        let a = generator.world(tick: 10)
        let b = generator.evolve(a, tick: 11)
        let message = encodeSnapshot(from: a, to: b)
        // Against the raw baseline and against the client's own (quantized) copy of it.
        #expect(try SnapshotDecoder.decode(message, baseline: a, schema: schema).state == b.quantized(by: schema))
        #expect(try SnapshotDecoder.decode(message, baseline: a.quantized(by: schema), schema: schema).state
            == b.quantized(by: schema))
    }

    /// A server and a client over many ticks, the client acking with a varying lag and
    /// sometimes losing its baseline: the client's view always equals quantize(server).
    @Test(arguments: 0..<20)
    func clientStaysInStepOverManyTicks(seed: Int) throws {
        var generator = WorldGenerator(seed: UInt64(seed) &+ 1_000_000)
        var serverRing = SnapshotRing(), clientRing = SnapshotRing()
        var world = generator.world(tick: 1)
        var cache = SnapshotCache(schema: schema)
        var ack: UInt32? = nil
        var writer = ByteWriter()
        var decoded = WorldState(), copied = WorldState()
        var deltas = 0
        for tick in UInt32(1)...150 {
            if tick > 1 { world = generator.evolve(world, tick: tick) }
            serverRing.store(world)
            cache.begin(tick: tick)
            writer.reset()
            let header = cache.writeSnapshot(ack: ack, lastInputSequence: tick * 3, ring: serverRing, into: &writer)
            if !header.isFull { deltas += 1 }
            try SnapshotDecoder.decode(writer.bytes[...], baselines: clientRing, schema: schema, into: &decoded)
            #expect(decoded == world.quantized(by: schema), "tick \(tick)")
            // Copying the decoded baseline's unchanged entities whole gives the same state.
            try SnapshotDecoder.decode(writer.bytes[...], baselines: clientRing, schema: schema, into: &copied, baselinesDecoded: true)
            #expect(copied == decoded, "tick \(tick)")
            clientRing.store(decoded)
            // Ack this tick, an older one, or one long gone.
            switch Int.random(in: 0..<10, using: &generator.rng) {
            case 0: ack = tick > 40 ? tick - 40 : nil
            case 1, 2: ack = tick > 5 ? tick - 5 : tick
            default: ack = tick
            }
        }
        #expect(deltas > 100)
    }

    /// Every field of every kind, changed alone, goes out as that field's mask bit only
    /// (the table covers every field) and comes back.
    @Test func everyFieldOfEveryKindRoundTripsAlone() throws {
        for kind in schema.kinds {
            for (index, field) in kind.fields.enumerated() {
                var a = WorldState(tick: 1)
                a.append(id: 5, kind: kind.id)
                var b = WorldState(tick: 2)
                b.append(id: 5, kind: kind.id)
                let extreme = field.wireRange.upperBound != 0 ? field.wireRange.upperBound : field.wireRange.lowerBound
                b.set(0, index, field.reconstruct(extreme))
                var writer = ByteWriter()
                SnapshotEncoder.encodeEntities(from: a, to: b, schema: schema, into: &writer)
                var reader = ByteReader(writer.bytes)
                #expect(try reader.readVarUInt() == 5 << 3 | 1, "changed op for id 5 (gap form: the mask follows)")
                #expect(try reader.readVarUInt() == 1 << UInt64(index), "\(kind.name).\(field.name)")
                #expect(try SnapshotDecoder.decode(encodeSnapshot(from: a, to: b), baseline: a, schema: schema).state == b)
            }
        }
    }

    /// Random corruptions of valid messages and random bytes: each is either refused with a
    /// `SnapshotError`, or accepted as a world the encoder itself would write that way (so
    /// nothing half-applied or out of the schema gets through).
    @Test(arguments: 0..<50)
    func garbageIsRefusedOrDecodesToAConsistentWorld(seed: Int) throws {
        var generator = WorldGenerator(seed: UInt64(seed) &+ 77)
        let a = generator.world(tick: 3, maxEntities: 10)
        let b = generator.evolve(a, tick: 4)
        let message = encodeSnapshot(from: a, to: b)
        var inputs: [[UInt8]] = (0..<200).map { _ in
            var corrupted = message
            for _ in 0..<Int.random(in: 1...3, using: &generator.rng) {
                let at = Int.random(in: 0..<corrupted.count, using: &generator.rng)
                corrupted[at] = UInt8.random(in: 0...255, using: &generator.rng)
            }
            return corrupted
        }
        inputs.append((0..<64).map { _ in UInt8.random(in: 0...255, using: &generator.rng) })
        var refused = 0
        for input in inputs {
            do {
                let decoded = try SnapshotDecoder.decode(input, baseline: a, schema: schema)
                let again = encodeSnapshot(from: a, to: decoded.state, lastInputSequence: decoded.header.lastInputSequence)
                #expect(try SnapshotDecoder.decode(again, baseline: a, schema: schema).state == decoded.state,
                        "accepted \(input) as a world that does not round-trip")
            } catch {
                #expect(!"\(error)".isEmpty)
                refused += 1
            }
        }
        #expect(refused > 0, "no corruption was ever refused")
    }

    /// Every proper prefix of a valid message is `.truncated`.
    @Test(arguments: 0..<30)
    func everyPrefixIsTruncated(seed: Int) {
        var generator = WorldGenerator(seed: UInt64(seed) &+ 555)
        let a = generator.world(tick: 3, maxEntities: 8)
        let b = generator.evolve(a, tick: 4)
        let message = encodeSnapshot(from: a, to: b)
        for length in 0..<message.count {
            #expect(throws: SnapshotError.self) {
                try SnapshotDecoder.decode(Array(message[..<length]), baseline: a, schema: schema)
            }
            do {
                _ = try SnapshotDecoder.decode(Array(message[..<length]), baseline: a, schema: schema)
            } catch {
                guard case .truncated = error else { Issue.record("prefix \(length): \(error)"); continue }
            }
        }
    }
}
