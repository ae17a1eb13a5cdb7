import Arena
import EventLoop
import GameCore
import Replication
import Wire

/// Snapshot sizes, encode cost and a client's decode cost for a scene of 8 players moving and shooting on the
/// arena map at 60 ticks/s and 30 snapshots/s, every client acking promptly (as over
/// loopback). Pure, in-process: no sockets, so the figures are the encoder's own.
enum SnapshotBench {
    struct Result {
        var snapshots = 0
        var deltaBytes = 0
        var fullBytes = 0
        var fullCount = 0
        var movingPlayerBytes: Double = 0
        var unchangedEntityBytes = 0
        var encodeNanos: UInt64 = 0
        var encodes = 0
        /// Decoding every snapshot as a client does (against its own ring), as bots do.
        var decodeNanos: UInt64 = 0
        var seconds: Double = 0
        var bytesPerClientPerSecond: Double = 0
    }

    static func run(mapPath: String, players: Int = 8, seconds: Int = 30) throws -> Result {
        let map = try MapLoader.load(path: mapPath)
        var simulation = ArenaSimulation(map: map, seed: 7)
        for id in 1...players { _ = simulation.addPlayer(PlayerID(id), name: "p\(id)") }
        let schema = ArenaSchema.schema
        var ring = SnapshotRing()
        var cache = SnapshotCache(schema: schema)
        var writer = ByteWriter(reservingCapacity: 4096)
        var random = SeededRandom(seed: 99)
        var inputs = TickInputs()
        var headings = [Int8](repeating: 0, count: players * 2)
        var ack: UInt32 = 0
        var clientRing = SnapshotRing()
        var clientWorld = WorldState()
        var result = Result()
        var wireBytes = 0
        let ticks = seconds * 60
        for tick in 1...ticks {
            inputs.removeAll()
            for index in 0..<players {
                // Change direction now and then; aim sweeps; fire often.
                if tick % 30 == index % 30 || headings[index * 2] == 0 {
                    headings[index * 2] = Int8(truncatingIfNeeded: Int(random.next() % 255) - 127)
                    headings[index * 2 + 1] = Int8(truncatingIfNeeded: Int(random.next() % 255) - 127)
                }
                let aim = UInt16(truncatingIfNeeded: tick * 300 + index * 8000)
                inputs[PlayerID(index + 1)] = ArenaInput.make(sequence: UInt32(tick), moveX: headings[index * 2],
                                                              moveY: headings[index * 2 + 1], aim: aim,
                                                              fire: random.next() % 4 == 0)
            }
            simulation.step(inputs: inputs)
            ring.write(tick: simulation.tick) { simulation.capture(into: &$0) }
            guard tick % 2 == 0 else { continue }
            cache.begin(tick: simulation.tick)
            let start = EventLoop.monotonicNanoseconds()
            writer.reset()
            writer.writeUInt8(0x82)
            let header = cache.writeSnapshot(ack: ack == 0 ? nil : ack, lastInputSequence: UInt32(tick), ring: ring, into: &writer)
            result.encodeNanos += EventLoop.monotonicNanoseconds() - start
            result.encodes += 1
            let decodeStart = EventLoop.monotonicNanoseconds()
            _ = try SnapshotDecoder.decode(writer.bytes[1...], baselines: clientRing, schema: schema, into: &clientWorld,
                                           baselinesDecoded: true)
            clientRing.store(clientWorld)
            result.decodeNanos += EventLoop.monotonicNanoseconds() - decodeStart
            // WebSocket framing: 2-byte header below 126 bytes of payload, else 4.
            let framed = writer.count + (writer.count < 126 ? 2 : 4)
            wireBytes += framed
            result.snapshots += 1
            if header.isFull {
                result.fullBytes += writer.count
                result.fullCount += 1
            } else {
                result.deltaBytes += writer.count
            }
            ack = simulation.tick
        }
        result.seconds = Double(ticks) / 60
        result.bytesPerClientPerSecond = Double(wireBytes) / result.seconds
        result.movingPlayerBytes = movingPlayerCost(map: map)
        result.unchangedEntityBytes = unchangedCost(map: map)
        return result
    }

    /// Bytes one player costs in a delta when it only walks (two snapshots apart).
    static func movingPlayerCost(map: ArenaMap) -> Double {
        var simulation = ArenaSimulation(map: map, seed: 1)
        for id in 1...8 { _ = simulation.addPlayer(PlayerID(id), name: "p\(id)") }
        var baseline = WorldState()
        var current = WorldState()
        var empty = ByteWriter()
        var moving = ByteWriter()
        var walk = TickInputs()
        for id: PlayerID in 1...8 { walk[id] = ArenaInput.make(sequence: 1, moveX: 90, moveY: 40) }
        simulation.step(inputs: walk)
        simulation.capture(into: &baseline)
        simulation.step(inputs: walk)
        simulation.step(inputs: walk)
        simulation.capture(into: &current)
        SnapshotEncoder.encodeEntities(from: baseline, to: baseline, schema: ArenaSchema.schema, into: &empty)
        SnapshotEncoder.encodeEntities(from: baseline, to: current, schema: ArenaSchema.schema, into: &moving)
        return Double(moving.count - empty.count) / 8
    }

    /// Bytes an unchanged world costs beyond the end marker (should be 0).
    static func unchangedCost(map: ArenaMap) -> Int {
        var simulation = ArenaSimulation(map: map, seed: 1)
        for id in 1...8 { _ = simulation.addPlayer(PlayerID(id), name: "p\(id)") }
        var state = WorldState()
        simulation.capture(into: &state)
        var writer = ByteWriter()
        SnapshotEncoder.encodeEntities(from: state, to: state, schema: ArenaSchema.schema, into: &writer)
        return writer.count - 1
    }
}
