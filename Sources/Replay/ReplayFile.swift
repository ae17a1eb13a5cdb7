import GameCore
import Wire

/// A replay file read into memory: its header, its events in order, and how it ends. A
/// damaged or cut file keeps every event before the first bad record.
public struct ReplayFile: Sendable {
    public enum Event: Sendable, Equatable {
        case join(PlayerID, name: String)
        case leave(PlayerID)
        /// One step; its input changes are `changes[range]`.
        case step(Range<Int>)
        /// This many steps with the inputs unchanged.
        case steps(UInt64)
        /// The state hash after the step of `tick`.
        case hash(tick: UInt32, hash: UInt64)
    }

    /// One player's input from a step on: values, or nil for none (keeps still).
    public struct InputChange: Sendable, Equatable {
        public var player: PlayerID
        public var values: SIMD8<Int32>?

        public init(player: PlayerID, values: SIMD8<Int32>?) {
            self.player = player
            self.values = values
        }
    }

    /// How the file ends.
    public enum Ending: Sendable, Equatable {
        /// Normally, with a trailer.
        case trailer(ReplayTrailer)
        /// Its records stop without a trailer, at a record boundary or part way through one
        /// (the server was stopped or crashed, or the file was cut).
        case cut(offset: Int)
        /// A record at `offset` is damaged; what follows it is ignored.
        case damaged(offset: Int, reason: String)
    }

    public let header: ReplayHeader
    public let events: [Event]
    public let changes: [InputChange]
    public let ending: Ending
    /// Steps the events hold: the tick the replay ends at.
    public let stepCount: UInt64

    /// Reads `bytes` for `layout` (the recorded game's input layout). Throws only when not
    /// even the header can be read; damage further on ends the events early.
    public init(bytes: [UInt8], layout: InputLayout) throws(ReplayError) {
        var reader = ByteReader(bytes)
        header = try Self.readStart(&reader)
        var events: [Event] = []
        var changes: [InputChange] = []
        var stepCount: UInt64 = 0
        var ending = Ending.cut(offset: reader.offset)
        var inputs: [PlayerID: SIMD8<Int32>] = [:]
        records: while !reader.isAtEnd {
            let start = reader.offset
            let record: (kind: UInt8, payload: ArraySlice<UInt8>)
            do throws(RecordProblem) {
                record = try Self.readRecord(&reader)
            } catch {
                switch error {
                case .cut: ending = .cut(offset: start)
                case .damaged(let reason): ending = .damaged(offset: start, reason: reason)
                }
                break records
            }
            switch ReplayFormat.Record(rawValue: record.kind) {
            case .chunk:
                var chunk = ChunkReader(payload: record.payload, layout: layout, inputs: inputs)
                let kept = (events: events.count, changes: changes.count, steps: stepCount)
                var problem: String?
                do throws(WireError) {
                    try chunk.read(into: &events, changes: &changes, stepCount: &stepCount)
                    problem = chunk.problem
                } catch {
                    problem = "chunk: \(error)"
                }
                if let problem {  // a chunk counts whole or not at all
                    events.removeSubrange(kept.events...)
                    changes.removeSubrange(kept.changes...)
                    stepCount = kept.steps
                    ending = .damaged(offset: start, reason: problem)
                    break records
                }
                inputs = chunk.inputs
                ending = .cut(offset: reader.offset)
            case .trailer:
                var payload = ByteReader(record.payload)
                do throws(WireError) {
                    let trailer = ReplayTrailer(tick: try payload.readVarUInt32(), stateHash: try payload.readVarUInt(),
                                                reason: try payload.readString(maxBytes: 256))
                    ending = .trailer(trailer)
                } catch {
                    ending = .damaged(offset: start, reason: "trailer: \(error)")
                }
                break records
            case .header, nil:
                ending = .damaged(offset: start, reason: "unexpected record kind \(record.kind)")
                break records
            }
        }
        self.events = events
        self.changes = changes
        self.ending = ending
        self.stepCount = stepCount
    }

    /// Only the header (to list recordings, or to pick the game before reading the rest).
    public static func header(of bytes: [UInt8]) throws(ReplayError) -> ReplayHeader {
        var reader = ByteReader(bytes)
        return try readStart(&reader)
    }

    private static func readStart(_ reader: inout ByteReader) throws(ReplayError) -> ReplayHeader {
        guard let magic = try? reader.readBytes(count: ReplayFormat.magic.count), Array(magic) == ReplayFormat.magic else {
            throw .notAReplay
        }
        guard let version = try? reader.readUInt8() else { throw .notAReplay }
        guard version == ReplayFormat.version else { throw .unsupportedFormat(version) }
        guard let record = try? readRecord(&reader), record.kind == ReplayFormat.Record.header.rawValue else {
            throw .damagedHeader
        }
        var payload = ByteReader(record.payload)
        guard let header = try? ReplayHeader.decode(&payload), payload.isAtEnd else { throw .damagedHeader }
        return header
    }

    enum RecordProblem: Error { case cut, damaged(String) }

    private static func readRecord(_ reader: inout ByteReader) throws(RecordProblem) -> (kind: UInt8, payload: ArraySlice<UInt8>) {
        let kind: UInt8, length: UInt64
        do throws(WireError) {
            kind = try reader.readUInt8()
            length = try reader.readVarUInt()
        } catch { throw problem(error) }
        guard length <= UInt64(ReplayFormat.maxRecordBytes) else { throw .damaged("a record of \(length) bytes") }
        let payload: ArraySlice<UInt8>, check: UInt32
        do throws(WireError) {
            payload = try reader.readBytes(count: Int(length))
            check = try reader.readUInt32()
        } catch { throw problem(error) }
        guard check == ReplayFormat.check(kind: kind, payload: payload) else { throw .damaged("checksum mismatch") }
        return (kind, payload)
    }

    /// Running out of bytes means the file stops inside a record; anything else is damage.
    private static func problem(_ error: WireError) -> RecordProblem {
        if case .truncated = error { return .cut }
        return .damaged("\(error)")
    }
}

/// Why a replay cannot be played at all.
public enum ReplayError: Error, Equatable, CustomStringConvertible {
    case notAReplay
    case unsupportedFormat(UInt8)
    case damagedHeader
    case unknownGame(String)
    case gameVersion(game: String, recorded: String, current: String)
    case unknownLevel(game: String, level: String)
    case levelChanged(game: String, level: String)
    case tickRate(game: String, tickRate: Int)

    public var description: String {
        switch self {
        case .notAReplay: "not a Tickwire replay (no TWREPLAY signature)"
        case .unsupportedFormat(let version): "replay format \(version) is not supported (this build reads format \(ReplayFormat.version))"
        case .damagedHeader: "the replay's header is damaged"
        case .unknownGame(let game): "the replay is of game \(game), which this server does not have"
        case let .gameVersion(game, recorded, current):
            "the replay was recorded with \(game) \(recorded); this server has \(game) \(current), which may play it differently"
        case let .unknownLevel(game, level): "the replay is on \(game) level \(level), which this server does not have"
        case let .levelChanged(game, level): "\(game) level \(level) has changed since the replay was recorded"
        case let .tickRate(game, tickRate): "the replay claims a tick rate of \(tickRate) Hz, which \(game) does not run at"
        }
    }
}
