import GameCore

/// Re-simulates a replay: the recorded level and seed, then the joins, leaves and inputs in
/// the order the room applied them. It checks each recorded state hash it passes, and keeps
/// a copy of the world every `keyframeInterval` ticks so a seek backwards re-simulates from
/// the nearest one instead of from the start.
public struct ReplayPlayer {
    public let file: ReplayFile
    public private(set) var simulation: any Simulation
    /// The players seated now, by id, with their names.
    public private(set) var roster: [PlayerID: String] = [:]
    /// The first recorded hash that did not match, if any: the replay diverged there.
    public private(set) var divergence: (tick: UInt32, recorded: UInt64, replayed: UInt64)?
    /// Recorded hashes checked so far.
    public private(set) var hashesChecked = 0

    private struct Cursor {
        var event = 0
        /// Steps still to take from a `steps` run at `event`.
        var quietStepsLeft: UInt64 = 0
        var inputs = TickInputs()
    }

    private struct Keyframe {
        var simulation: any Simulation
        var cursor: Cursor
        var roster: [PlayerID: String]
    }

    private var cursor = Cursor()
    private var keyframes: [Keyframe] = []
    private let keyframeInterval: UInt32
    static let maxKeyframes = 512

    /// `simulation` must be the recorded level's fresh world from the recorded seed.
    public init(file: ReplayFile, simulation: any Simulation, keyframeInterval: UInt32 = 300) {
        self.file = file
        self.simulation = simulation
        self.keyframeInterval = max(1, keyframeInterval)
        keyframes = [Keyframe(simulation: simulation, cursor: cursor, roster: roster)]
    }

    public var tick: UInt32 { simulation.tick }
    /// The tick the replay ends at.
    public var endTick: UInt32 { UInt32(clamping: file.stepCount) }
    public var isAtEnd: Bool { tick >= endTick }

    /// Applies events through the next step (joins and leaves before it, hashes after it).
    /// False at the end of the replay.
    @discardableResult
    public mutating func step() -> Bool {
        guard !isAtEnd else { return false }
        while cursor.event < file.events.count {
            switch file.events[cursor.event] {
            case let .join(id, name):
                // A room records only joins its game accepted; a crafted file's others are ignored.
                if simulation.addPlayer(id, name: name) { roster[id] = name }
                cursor.inputs[id] = nil
            case let .leave(id):
                simulation.removePlayer(id)
                roster[id] = nil
                cursor.inputs[id] = nil
            case .hash:
                break  // a hash of a tick already checked (one recorded before any step)
            case let .step(range):
                for change in file.changes[range] {
                    cursor.inputs[change.player] = change.values.map { PlayerInput(values: $0) }
                }
                cursor.event += 1
                takeStep()
                return true
            case .steps(let count):
                if cursor.quietStepsLeft == 0 { cursor.quietStepsLeft = count }
                cursor.quietStepsLeft -= 1
                if cursor.quietStepsLeft == 0 { cursor.event += 1 }
                takeStep()
                return true
            }
            cursor.event += 1
        }
        return false
    }

    /// Goes to `target` (clamped to the replay), from the nearest keyframe at or before it
    /// when that is closer than where the player is, taking at most `maxSteps` steps; true
    /// once there (call again to go on).
    @discardableResult
    public mutating func seek(to target: UInt32, maxSteps: Int = .max) -> Bool {
        let target = min(target, endTick)
        if target < tick || (keyframes.last.map { $0.simulation.tick > tick && $0.simulation.tick <= target } ?? false) {
            let keyframe = keyframes.last { $0.simulation.tick <= target } ?? keyframes[0]
            simulation = keyframe.simulation
            cursor = keyframe.cursor
            roster = keyframe.roster
        }
        var steps = 0
        while tick < target, steps < maxSteps, step() { steps += 1 }
        return tick >= target || isAtEnd
    }

    /// Plays to the end, checking every hash and the trailer's; true when all matched. Stops
    /// at the first divergence: what follows cannot match, and may be long to play.
    public mutating func verify() -> Bool {
        while divergence == nil, step() {}
        checkTrailer()
        return divergence == nil
    }

    /// At the end of a file with a trailer: checks the final state against its hash.
    public mutating func checkTrailer() {
        guard isAtEnd, case .trailer(let trailer) = file.ending, trailer.tick == tick else { return }
        let replayed = simulation.stateHash()
        hashesChecked += 1
        if replayed != trailer.stateHash, divergence == nil { divergence = (tick, trailer.stateHash, replayed) }
    }

    private mutating func takeStep() {
        simulation.step(inputs: cursor.inputs)
        while cursor.event < file.events.count, case let .hash(tick, recorded) = file.events[cursor.event], tick == simulation.tick {
            let replayed = simulation.stateHash()
            hashesChecked += 1
            if replayed != recorded, divergence == nil { divergence = (tick, recorded, replayed) }
            cursor.event += 1
        }
        if simulation.tick % keyframeInterval == 0, simulation.tick > (keyframes.last?.simulation.tick ?? 0) {
            keyframes.append(Keyframe(simulation: simulation, cursor: cursor, roster: roster))
            // A long replay keeps at most this many worlds: every other one goes (the first stays).
            if keyframes.count > Self.maxKeyframes {
                keyframes = keyframes.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            }
        }
    }
}
