import GameCore
import Replication
import TestSupport
import Testing
import Wire

/// Writes (and checks) `web/test/fixtures/snapshots.json`: snapshots the Swift encoder
/// wrote for TestSchema (every field width from 1 to 32 bits, signed and unsigned,
/// quantized), what the Swift decoder makes of them, and one body for every way the
/// decoder refuses a snapshot. `web/test/snapshot-golden.test.js` decodes them in JavaScript.
@Suite struct WebFixtureSnapshotTests {
    struct Case {
        let name: String
        let baseline: String?
        let body: [UInt8]
    }

    @Test func snapshotsMatchTheCommittedFixture() throws {
        var cases: [(Case, result: String)] = []
        var decoded: [String: WorldState] = [:]
        var coverage = Coverage()
        for item in Self.encodedCases() + Self.refusedCases() {
            let base = item.baseline.flatMap { decoded[$0] }
            do {
                let (header, state) = try SnapshotDecoder.decode(item.body, baseline: base, schema: TestSchema.schema)
                decoded[item.name] = state
                coverage.note(state, baseline: base)
                cases.append((item, Self.json(header, state)))
            } catch {
                coverage.refused.insert(Self.reason(error))
                cases.append((item, Self.json(error)))
            }
        }
        #expect(coverage.isComplete, "the fixture misses a case: \(coverage)")
        var writer = ByteWriter()
        TestSchema.schema.encode(into: &writer)
        let lines = cases.map { item, result in
            let baseline = item.baseline.map { "\"\($0)\"" } ?? "null"
            return "    { \"name\": \"\(item.name)\", \"baseline\": \(baseline), \"body\": \"\(hex(item.body))\",\n      \(result) }"
        }
        let text = """
            {
              "about": "Snapshots written by the Swift encoder and read by the Swift decoder (Tests/ReplicationTests/WebFixtureSnapshotTests.swift). schema: the welcome encoding of the test schema. A case decodes body against the world of the case named by baseline (null: none). entities: [id, kind, [field values as reconstructed]]; error: the Swift decoder's SnapshotError.",
              "schema": "\(hex(writer.bytes))",
              "cases": [
            \(lines.joined(separator: ",\n"))
              ]
            }

            """
        let problem = WebFixture.check("snapshots.json", contents: text)
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// A chain of random worlds: full, deltas one and several ticks back, a full resend,
    /// an empty world, each from a seeded generator.
    static func encodedCases() -> [Case] {
        var generator = WorldGenerator(seed: 0x60_1D_E7)
        var worlds = [generator.world(tick: 1, maxEntities: 40)]
        while worlds[0].count < 30 { worlds[0] = generator.world(tick: 1, maxEntities: 40) }
        for tick in UInt32(2)...8 { worlds.append(generator.evolve(worlds.last!, tick: tick)) }
        var cases = [Case(name: "full 1", baseline: nil, body: encodeSnapshot(from: nil, to: worlds[0], lastInputSequence: 41))]
        for index in 1..<worlds.count {
            let back = index == 5 ? 3 : 1  // tick 6 against tick 3
            let baseline = worlds[index - back]
            cases.append(Case(name: "delta \(index + 1) from \(index + 1 - back)", baseline: cases[index - back].name,
                              body: encodeSnapshot(from: baseline, to: worlds[index], lastInputSequence: UInt32(41 + index))))
        }
        cases.append(Case(name: "full 8 again", baseline: nil, body: encodeSnapshot(from: nil, to: worlds[7], lastInputSequence: 300)))
        cases.append(Case(name: "delta 9 to empty", baseline: "full 8 again",
                          body: encodeSnapshot(from: worlds[7], to: WorldState(tick: 9), lastInputSequence: 301)))
        cases.append(Case(name: "full, empty, big numbers", baseline: nil,
                          body: encodeSnapshot(from: nil, to: WorldState(tick: .max), lastInputSequence: .max)))
        return cases
    }

    /// One body per refusal (TestSchema: kind 0 a player of 6 fields with health 7 bits, kind 4
    /// without fields), most against tick 4 holding one player with id 0.
    static func refusedCases() -> [Case] {
        var baseline = WorldState(tick: 4)
        _ = baseline.append(id: 0, kind: 0)
        let named: [(String, String?, String)] = [
            ("truncated in a value", nil, "05 00 00 03 00 01 80"),
            ("truncated before the end marker", nil, "05 00 00 03 00 00"),
            ("non-canonical varint", nil, "05 00 00 80 00"),
            ("varint over 32 bits in the header", nil, "80 80 80 80 10 00 00 00"),
            ("tick 0", nil, "00 00 00 00"),
            ("baseline distance equal to the tick", "one player at 4", "05 05 00 00"),
            ("delta without its baseline", nil, "05 01 00 00"),
            ("delta against another tick", "one player at 4", "05 02 00 00"),
            ("end marker with a gap", nil, "05 00 00 04"),
            ("id past 65535", nil, "05 00 00 ff ff 0f 00 00 03 00 00 00"),
            ("unknown kind", nil, "05 00 00 03 09 00 00"),
            ("mask past the fields", nil, "05 00 00 03 00 40 00 00"),
            ("empty inline mask", "one player at 4", "05 01 00 05 00"),
            ("mask on a kind without fields", nil, "05 00 00 03 04 01 00 00"),
            ("changed but not in the baseline", "one player at 4", "05 01 00 09 01 02 00"),
            ("removed but not in the baseline", "one player at 4", "05 01 00 06 00"),
            ("added twice", "one player at 4", "05 01 00 03 00 00 00"),
            ("value below the field", nil, "05 00 00 03 00 08 01 00"),
            ("value above the field", nil, "05 00 00 03 00 08 80 02 00"),
            ("trailing bytes", nil, "05 00 00 00 ff"),
            ("added over another kind replaces it", "one player at 4", "05 01 00 03 02 04 02 00"),
        ]
        return [Case(name: "one player at 4", baseline: nil, body: encodeSnapshot(from: nil, to: baseline))]
            + named.map { Case(name: $0.0, baseline: $0.1, body: bytes($0.2)) }
    }

    static func json(_ header: SnapshotHeader, _ state: WorldState) -> String {
        let entities = (0..<state.count).map { entity in
            let fields = TestSchema.schema.kinds[Int(state.kinds[entity])].fields.indices.map { String(state.value(entity, $0)) }
            return "[\(state.ids[entity]), \(state.kinds[entity]), [\(fields.joined(separator: ", "))]]"
        }
        return "\"header\": { \"tick\": \(header.tick), \"baselineTick\": \(header.baselineTick), \"lastInputSequence\": \(header.lastInputSequence) },\n"
            + "      \"entities\": [\(entities.joined(separator: ", "))]"
    }

    /// The name of an error's case (every case of these errors carries values).
    static func reason(_ error: some Error) -> String {
        Mirror(reflecting: error).children.first?.label ?? "\(error)"
    }

    static func json(_ error: SnapshotError) -> String {
        let details: String
        switch error {
        case let .truncated(offset): details = "\"offset\": \(offset)"
        case let .malformedVarint(wire): details = "\"wireError\": \"\(reason(wire))\""
        case let .invalidTicks(tick, distance): details = "\"tick\": \(tick), \"baselineDistance\": \(distance)"
        case let .unknownBaseline(tick): details = "\"tick\": \(tick)"
        case let .wrongBaseline(expected, got): details = "\"expected\": \(expected), \"got\": \(got)"
        case let .badEndMarker(offset, word): details = "\"offset\": \(offset), \"word\": \(word)"
        case let .entityIDOutOfRange(offset, id): details = "\"offset\": \(offset), \"id\": \(id)"
        case let .unknownEntityKind(id, kind): details = "\"id\": \(id), \"kind\": \(kind)"
        case let .badChangeMask(id, mask, fieldCount): details = "\"id\": \(id), \"mask\": \(mask), \"fieldCount\": \(fieldCount)"
        case let .changedEntityNotInBaseline(id): details = "\"id\": \(id)"
        case let .removedEntityNotInBaseline(id): details = "\"id\": \(id)"
        case let .addedEntityAlreadyPresent(id, kind): details = "\"id\": \(id), \"kind\": \(kind)"
        case let .valueOutOfRange(id, field, value, range):
            details = "\"id\": \(id), \"field\": \"\(field)\", \"value\": \(value), \"range\": [\(range.lowerBound), \(range.upperBound)]"
        case let .trailingBytes(offset, count): details = "\"offset\": \(offset), \"count\": \(count)"
        }
        return "\"error\": { \"reason\": \"\(reason(error))\", \(details) }"
    }

    /// What the fixture must exercise, so a change of seed cannot quietly thin it out.
    struct Coverage: CustomStringConvertible {
        var kinds = Set<UInt8>(), added = false, removed = false, changed = false, replaced = false
        var refused = Set<String>()

        mutating func note(_ state: WorldState, baseline: WorldState?) {
            kinds.formUnion(state.kinds)
            guard let baseline else { return }
            for entity in 0..<state.count {
                guard let old = baseline.index(of: state.ids[entity]) else { added = true; continue }
                if baseline.kinds[old] != state.kinds[entity] { replaced = true }
                else if (0..<WorldState.maxFields).contains(where: { baseline.value(old, $0) != state.value(entity, $0) }) { changed = true }
            }
            if baseline.ids.contains(where: { state.index(of: $0) == nil }) { removed = true }
        }

        var isComplete: Bool {
            kinds.count == TestSchema.schema.kinds.count && added && removed && changed && replaced && refused.count == 14
        }

        var description: String { "kinds \(kinds.sorted()), added \(added), removed \(removed), changed \(changed), replaced \(replaced), refusals \(refused.sorted())" }
    }
}
