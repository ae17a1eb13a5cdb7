import TestSupport
import GameCore
import Replication
import Testing
import Wire

/// The budget the encoding was designed for: a moving player in at most 4 bytes (3 when
/// it follows another changed entity), an unchanged entity in none.
@Suite struct SnapshotSizeTests {
    let schema = TestSchema.schema

    func players(tick: UInt32, count: Int, moved: Set<Int> = [], step: Int32 = 0) -> WorldState {
        var state = WorldState(tick: tick)
        for index in 0..<count {
            let entity = state.append(id: UInt16(index + 1), kind: 0)
            let move = moved.contains(index) ? step : 0
            state.set(entity, 0, 20_000 + Int32(index) * 300 + move) // x, 1/256 tile
            state.set(entity, 1, 9_000 + Int32(index) * 200 - move) // y
            state.set(entity, 2, 16_384) // aim
            state.set(entity, 3, 100) // health
            state.set(entity, 4, 7) // score
            state.set(entity, 5, 1) // flags
        }
        return state
    }

    func entityBlock(from a: WorldState?, to b: WorldState) -> [UInt8] {
        var writer = ByteWriter()
        SnapshotEncoder.encodeEntities(from: a, to: b, schema: schema, into: &writer)
        return writer.bytes
    }

    @Test func unchangedEntitiesCostNothing() {
        let world = players(tick: 1, count: 16)
        #expect(entityBlock(from: world, to: world) == [0x00], "just the end marker")
        // Sub-quantum jitter on a quantized field is not a change either.
        var jittered = world
        jittered.set(3, 2, world.value(3, 2) + 5)
        #expect(entityBlock(from: world, to: jittered) == [0x00])
    }

    /// A player moving at up to 31/256 tile per tick on each axis (a brisk run at 20 Hz),
    /// alone (its id is not next to the previous op's, so the mask takes its own byte).
    @Test(arguments: [Int32(1), 8, 31])
    func aMovingPlayerCostsFourBytes(step: Int32) throws {
        let before = players(tick: 1, count: 16)
        let after = players(tick: 2, count: 16, moved: [5], step: step)
        let block = entityBlock(from: before, to: after)
        let perPlayer = block.count - 1 // minus the end marker
        #expect(perPlayer == 4, "op+id, mask, dx, dy; got \(hex(block))")
        print("moving player (step \(step)): \(perPlayer) bytes: \(hex(block.dropLast()))")
    }

    /// Consecutive ids: the first pays 4 bytes (id 1 follows the start, -1, with gap 1),
    /// each next one 3 (op, adjacent flag and mask in one byte; dx; dy).
    @Test func manyMovingPlayersCostThreeBytesEachAfterTheFirst() {
        let before = players(tick: 1, count: 16)
        let after = players(tick: 2, count: 16, moved: Set(0..<16), step: 20)
        let block = entityBlock(from: before, to: after)
        #expect(block.count == 4 + 15 * 3 + 1)
        #expect(Array(block[4..<7]) == [0x1d, 0x28, 0x27], "adjacent changed, mask x|y; +20, -20")
    }

    @Test func removalCostsOneByte() {
        let before = players(tick: 1, count: 4)
        var after = WorldState(tick: 2)
        for entity in [0, 1, 3] {
            let new = after.append(id: before.ids[entity], kind: 0)
            for field in 0..<6 { after.set(new, field, before.value(entity, field)) }
        }
        #expect(entityBlock(from: before, to: after) == [0x0E, 0x00], "id 3 = gap 3 from -1, op removed (2)")
    }

    @Test func fullSnapshotSize() {
        let world = players(tick: 1, count: 16)
        let block = entityBlock(from: nil, to: world)
        print("full snapshot of 16 players: \(block.count) bytes (\(Double(block.count - 1) / 16) per player)")
        #expect(block.count <= 16 * 15 + 1)
    }
}
