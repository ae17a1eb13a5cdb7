// Fuzz target `snapshot`: the snapshot decoder, against a fuzzer-chosen baseline.
//
// Input (see `BaselineBytes` in Tests/Fuzz/Support/FuzzSupport.swift): a mode byte
// (bit 0: 0 = Arena's schema, 1 = `TestSchema`), a baseline world described in a
// compact form, then the snapshot message. The harness builds the baseline world,
// applies it the way a client does (a full snapshot from the real encoder, decoded into
// the client's world and stored in its SnapshotRing), then decodes the message against
// it twice: through the ring into the client's world, and against the baseline state
// directly into a fresh world. Checks: the baseline's full snapshot round-trips to its
// quantized form; both decodes agree; an accepted snapshot holds only values the wire
// can carry, and re-encoded with the real encoder (against the same baseline) decodes
// to the same world.
import Arena
import GameCore
import Replication
import Wire

private let schemas = [ArenaSchema.schema, TestSchema.schema]

private func decode(
    _ bytes: ArraySlice<UInt8>, baselines ring: SnapshotRing, schema: EntitySchema, into output: inout WorldState
) -> Result<SnapshotHeader, SnapshotError> {
    do throws(SnapshotError) {
        return .success(try SnapshotDecoder.decode(bytes, baselines: ring, schema: schema, into: &output))
    } catch {
        return .failure(error)
    }
}

private func decode(
    _ bytes: ArraySlice<UInt8>, baseline: WorldState?, schema: EntitySchema, into output: inout WorldState
) -> Result<SnapshotHeader, SnapshotError> {
    do throws(SnapshotError) {
        return .success(try SnapshotDecoder.decode(bytes, baseline: baseline, schema: schema, into: &output))
    } catch {
        return .failure(error)
    }
}

/// A snapshot message from the real encoder.
private func encode(_ header: SnapshotHeader, from baseline: WorldState?, to current: WorldState, schema: EntitySchema) -> [UInt8] {
    var writer = ByteWriter()
    header.write(into: &writer)
    SnapshotEncoder.encodeEntities(from: baseline, to: current, schema: schema, into: &writer)
    return writer.bytes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func snapshotFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let layout = BaselineBytes.split(input) else { return 0 }
    let schema = schemas[Int(layout.mode & 1)]

    // The baseline world, with raw (unquantized) values.
    let (tick, entities) = BaselineBytes.read(layout.baseline, fieldCounts: schema.kinds.map(\.fields.count))
    var world = WorldState(tick: tick)
    for entity in entities {
        let index = world.append(id: UInt16(entity.id), kind: entity.kind)
        for (field, value) in entity.values.enumerated() {
            world.set(index, field, Int32(truncatingIfNeeded: value))
        }
    }

    // Applied as a client applies it: full snapshot -> client world -> ring.
    let fullHeader = SnapshotHeader(tick: tick, baselineTick: 0, lastInputSequence: 0)
    var ring = SnapshotRing()
    var clientWorld = WorldState()
    let full = encode(fullHeader, from: nil, to: world, schema: schema)
    let fullResult = decode(full[...], baselines: ring, schema: schema, into: &clientWorld)
    fuzzCheck(fullResult == .success(fullHeader), "full snapshot of the baseline refused: \(fullResult)")
    let applied = clientWorld
    fuzzCheck(applied == world.quantized(by: schema), "full snapshot of the baseline does not decode to its quantized form")
    ring.store(applied)

    // The message, both ways.
    var viaRing = clientWorld
    let ringResult = decode(layout.message, baselines: ring, schema: schema, into: &viaRing)
    var direct = WorldState()
    let directResult = decode(layout.message, baseline: applied, schema: schema, into: &direct)
    switch (ringResult, directResult) {
    case (.success(let ringHeader), .success(let directHeader)):
        fuzzCheck(ringHeader == directHeader && viaRing == direct, "ring and direct decodes accept different snapshots")
    case (.failure(let ringError), .failure(let directError)):
        if ringError != directError {
            // Only the baseline lookup may differ: the ring has no state for another tick.
            guard case .unknownBaseline(let named) = ringError,
                  directError == .wrongBaseline(expected: named, got: applied.tick) else {
                fuzzFailure("ring and direct decodes refuse differently: \(ringError) vs \(directError)")
            }
        }
    default:
        fuzzFailure("ring decode \(ringResult), direct decode \(directResult)")
    }

    guard case .success(let header) = directResult else { return 0 }
    fuzzCheck(direct.tick == header.tick, "decoded world tick \(direct.tick), header tick \(header.tick)")
    fuzzCheck(header.isFull || header.baselineTick == applied.tick, "delta accepted against the wrong baseline")
    fuzzCheck(direct == direct.quantized(by: schema), "decoded world holds values the wire cannot carry")
    let again = encode(header, from: header.isFull ? nil : applied, to: direct, schema: schema)
    var reDecoded = WorldState()
    let againResult = decode(again[...], baseline: applied, schema: schema, into: &reDecoded)
    fuzzCheck(againResult == .success(header) && reDecoded == direct,
              "re-encoded snapshot decodes differently: \(againResult)")
    return 0
}
