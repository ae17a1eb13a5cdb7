import GameCore
import Wire

/// Turns a room's life into replay bytes, as it happens: joins and leaves, each step's
/// inputs (only what changed since the previous step, field by field), and state hashes.
/// Events gather in a chunk that the caller takes as one record (about once a second) and
/// appends to the file. Pure: no files, no clocks.
public struct ReplayWriter: Sendable {
    public let header: ReplayHeader
    public let layout: InputLayout
    /// Each player's input at the previous step, sorted by id; a player without one (keeps
    /// still) is absent. Arrays, not a dictionary: a room has a few players, and this runs
    /// every tick of every recorded room.
    private var previousIDs: [PlayerID] = []
    private var previousValues: [SIMD8<Int32>] = []
    private var chunk = ByteWriter(reservingCapacity: 4096)
    /// Steps without any change, not yet written.
    private var quietSteps: UInt64 = 0
    /// Reused to sort each step's changes by player id.
    private var changes: [(id: PlayerID, values: SIMD8<Int32>?)] = []

    public init(header: ReplayHeader, layout: InputLayout) {
        self.header = header
        self.layout = layout
    }

    /// The start of the file: magic, format version, header record.
    public func fileStart() -> [UInt8] {
        var payload = ByteWriter()
        header.encode(into: &payload)
        var file = ByteWriter()
        file.writeBytes(ReplayFormat.magic)
        file.writeUInt8(ReplayFormat.version)
        Self.writeRecord(.header, payload.bytes, into: &file)
        return file.bytes
    }

    /// Bytes waiting in the current chunk (to flush early when it grows large).
    public var pendingBytes: Int { chunk.count + (quietSteps > 0 ? 4 : 0) }

    public mutating func joined(_ id: PlayerID, name: String) {
        writeQuietSteps()
        chunk.writeUInt8(ReplayFormat.Event.join.rawValue)
        chunk.writeVarUInt(UInt64(id))
        chunk.writeString(name)
        forget(id)
    }

    public mutating func left(_ id: PlayerID) {
        writeQuietSteps()
        chunk.writeUInt8(ReplayFormat.Event.leave.rawValue)
        chunk.writeVarUInt(UInt64(id))
        forget(id)
    }

    /// One step, with the inputs the simulation was given (`Simulation.step(inputs:)`).
    public mutating func stepped(inputs: TickInputs) {
        changes.removeAll(keepingCapacity: true)
        var stillThere = 0
        for (id, input) in inputs {
            if let index = previousIDs.firstIndex(of: id) {
                stillThere += 1
                if previousValues[index] == input.values { continue }
            }
            changes.append((id, input.values))
        }
        if stillThere < previousIDs.count {
            for id in previousIDs where inputs[id] == nil { changes.append((id, nil)) }
        }
        guard !changes.isEmpty else {
            quietSteps += 1
            return
        }
        writeQuietSteps()
        changes.sort { $0.id < $1.id }
        chunk.writeUInt8(ReplayFormat.Event.step.rawValue)
        chunk.writeVarUInt(UInt64(changes.count))
        for change in changes {
            chunk.writeVarUInt(UInt64(change.id))
            let index = previousIDs.firstIndex(of: change.id)
            guard let values = change.values else {
                chunk.writeVarUInt(0)
                forget(change.id)
                continue
            }
            let old = index.map { previousValues[$0] } ?? .zero
            var mask: UInt64 = 0
            for field in 0..<layout.fields.count where values[field] != old[field] { mask |= 1 << UInt64(field) }
            // An input of all zeros after none still needs a non-zero mask: mark field 0.
            if mask == 0 { mask = 1 }
            chunk.writeVarUInt(mask)
            for field in 0..<layout.fields.count where mask & (1 << UInt64(field)) != 0 {
                chunk.writeVarInt(Int64(values[field]) - Int64(old[field]))
            }
            if let index {
                previousValues[index] = values
            } else {
                let at = previousIDs.firstIndex { $0 > change.id } ?? previousIDs.count
                previousIDs.insert(change.id, at: at)
                previousValues.insert(values, at: at)
            }
        }
    }

    private mutating func forget(_ id: PlayerID) {
        guard let index = previousIDs.firstIndex(of: id) else { return }
        previousIDs.remove(at: index)
        previousValues.remove(at: index)
    }

    /// The state hash after the step of `tick`.
    public mutating func hashed(tick: UInt32, hash: UInt64) {
        writeQuietSteps()
        chunk.writeUInt8(ReplayFormat.Event.hash.rawValue)
        chunk.writeVarUInt(UInt64(tick))
        chunk.writeVarUInt(hash)
    }

    /// Appends the current chunk as one record to `output` and starts a new one (nothing
    /// when no event happened since the last).
    public mutating func takeChunk(into output: inout [UInt8]) {
        writeQuietSteps()
        guard chunk.count > 0 else { return }
        var record = ByteWriter(reservingCapacity: chunk.count + 10)
        Self.writeRecord(.chunk, chunk.bytes, into: &record)
        output.append(contentsOf: record.bytes)
        chunk.reset()
    }

    /// The last chunk and the trailer, for a room that ends.
    public mutating func finish(_ trailer: ReplayTrailer) -> [UInt8] {
        var output: [UInt8] = []
        takeChunk(into: &output)
        return output + Self.trailerRecord(trailer)
    }

    /// A trailer record alone (for a recording stopped before its room ends).
    public static func trailerRecord(_ trailer: ReplayTrailer) -> [UInt8] {
        var payload = ByteWriter()
        payload.writeVarUInt(UInt64(trailer.tick))
        payload.writeVarUInt(trailer.stateHash)
        payload.writeString(trailer.reason)
        var record = ByteWriter()
        writeRecord(.trailer, payload.bytes, into: &record)
        return record.bytes
    }

    private mutating func writeQuietSteps() {
        guard quietSteps > 0 else { return }
        chunk.writeUInt8(ReplayFormat.Event.steps.rawValue)
        chunk.writeVarUInt(quietSteps)
        quietSteps = 0
    }

    static func writeRecord(_ kind: ReplayFormat.Record, _ payload: [UInt8], into writer: inout ByteWriter) {
        writer.writeUInt8(kind.rawValue)
        writer.writeVarUInt(UInt64(payload.count))
        writer.writeBytes(payload)
        writer.writeUInt32(ReplayFormat.check(kind: kind.rawValue, payload: payload))
    }
}
