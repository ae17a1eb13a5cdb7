import Arena
import GameCore
import Replay
import TestSupport

/// A room's life played without a server: Arena on a bundled map, players joining and
/// leaving, random inputs (some repeated, some missing), recorded by a `ReplayWriter` the
/// way a room records, with the live hash of every tick kept to compare against.
struct ReplayRecording {
    let definition: GameDefinition
    let level: GameLevel
    var bytes: [UInt8] = []
    /// The live world's hash after each tick (index = tick).
    var hashes: [UInt64] = []
    var finalHash: UInt64 = 0

    init(ticks: Int, seed: UInt64, trailer: Bool = true) throws {
        definition = try ArenaGame.definition(mapsDirectory: Self.mapsDirectory)
        level = definition.level(named: "duel")!
        let header = ReplayHeader(game: definition.name, gameVersion: definition.version, level: level.key,
                                  levelChecksum: level.checksum, seed: seed, tickRate: 60, startedAtMilliseconds: 1_764_700_000_000,
                                  roomID: "test")
        var writer = ReplayWriter(header: header, layout: definition.inputLayout)
        bytes = writer.fileStart()
        var simulation = level.makeSimulation(seed)
        var rng = SeededGenerator(seed: seed)
        var inputs = TickInputs()
        hashes = [simulation.stateHash()]
        for tick in 1...ticks {
            // Now and then someone joins or leaves (between steps, as in a room).
            if tick == 1 || Int.random(in: 0..<90, using: &rng) == 0 {
                let id = PlayerID.random(in: 1...4, using: &rng)
                if inputs[id] == nil, !(simulation as! ArenaSimulation).players.contains(where: { $0.id == id }) {
                    if simulation.addPlayer(id, name: "p\(id)") { writer.joined(id, name: "p\(id)") }
                } else {
                    simulation.removePlayer(id)
                    inputs[id] = nil
                    writer.left(id)
                }
            }
            for player in (simulation as! ArenaSimulation).players where Int.random(in: 0..<3, using: &rng) == 0 {
                // A new input a third of the time; otherwise the last one repeats. Sometimes none.
                inputs[player.id] = Int.random(in: 0..<20, using: &rng) == 0 ? nil : ArenaInput.make(
                    moveX: Int8.random(in: -127...127, using: &rng), moveY: Int8.random(in: -127...127, using: &rng),
                    aim: UInt16.random(in: 0...UInt16.max, using: &rng), fire: Bool.random(using: &rng))
            }
            simulation.step(inputs: inputs)
            writer.stepped(inputs: inputs)
            hashes.append(simulation.stateHash())
            if tick % 60 == 0 {
                writer.hashed(tick: simulation.tick, hash: simulation.stateHash())
                writer.takeChunk(into: &bytes)
            }
        }
        finalHash = simulation.stateHash()
        if trailer {
            bytes += writer.finish(ReplayTrailer(tick: simulation.tick, stateHash: finalHash, reason: "room closed"))
        } else {
            writer.takeChunk(into: &bytes)
        }
    }

    func file() throws -> ReplayFile { try ReplayFile(bytes: bytes, layout: definition.inputLayout) }

    func player(_ file: ReplayFile) -> ReplayPlayer {
        ReplayPlayer(file: file, simulation: level.makeSimulation(file.header.seed), keyframeInterval: 120)
    }

    static var mapsDirectory: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/maps"
    }
}
