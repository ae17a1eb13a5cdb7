import GameCore
import TestSupport
import Testing
@testable import Arena

/// Writes (and checks) `web/test/fixtures/arena-movement.json`: the velocities and the
/// positions the Swift simulation gives for recorded walks on the bundled maps, which the
/// browser's prediction must reproduce bit for bit (`web/test/arena-movement.test.js`).
@Suite struct WebFixtureMovementTests {
    @Test func movementTracesMatchTheCommittedFixture() throws {
        var rng = SeededGenerator(seed: 0x7E57_3A7E)
        var lines = ["{", #"  "about": "Arena movement from the Swift simulation (Tests/ArenaTests/WebFixtureMovementTests.swift). velocities: [moveX, moveY, vx, vy]. A trace step [moveX, moveY, x, y] is one tick's input and the exact position after it.","#]
        lines.append(#"  "rules": { "maxSpeed": \#(ArenaRules.maxSpeed), "playerRadius": \#(ArenaRules.playerRadius), "maxMoveInput": \#(ArenaRules.maxMoveInput), "unitsPerTile": \#(Fixed.unitsPerTile) },"#)
        lines.append(#"  "velocities": ["#)
        let velocityRows = Self.velocityInputs(&rng).map { move in
            let v = ArenaSimulation.velocity(for: ArenaInput.make(moveX: move.x, moveY: move.y))
            return "    [\(move.x), \(move.y), \(v.x), \(v.y)]"
        }
        lines.append(velocityRows.joined(separator: ",\n"))
        lines.append("  ],")
        lines.append(#"  "traces": ["#)
        var traces: [String] = []
        for mapName in ["duel", "warehouse"] {
            let map = try MapLoader.load(path: TestMaps.bundledDirectory + "/\(mapName).map")
            for quantizedStart in [false, true] {
                traces.append(Self.trace(on: map, key: mapName, quantizedStart: quantizedStart, steps: 600, rng: &rng))
            }
        }
        lines.append(traces.joined(separator: ",\n"))
        lines.append("  ]")
        lines.append("}")
        let problem = WebFixture.check("arena-movement.json", contents: lines.joined(separator: "\n") + "\n")
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// The extremes, zero, small and odd values on both axes, then random pairs.
    static func velocityInputs(_ rng: inout SeededGenerator) -> [(x: Int8, y: Int8)] {
        let notable: [Int8] = [-127, -126, -100, -64, -33, -3, -1, 0, 1, 2, 3, 33, 64, 90, 126, 127]
        var inputs = notable.flatMap { x in notable.map { y in (x: x, y: y) } }
        for _ in 0..<300 {
            inputs.append((Int8.random(in: -127...127, using: &rng), Int8.random(in: -127...127, using: &rng)))
        }
        return inputs
    }

    /// One player walking the map from a spawn point: each input held for a while, full and
    /// partial, straight and diagonal, so the walk slides along walls and into corners.
    static func trace(on map: ArenaMap, key: String, quantizedStart: Bool, steps: Int, rng: inout SeededGenerator) -> String {
        var simulation = ArenaSimulation(map: map, seed: rng.next())
        _ = simulation.addPlayer(1, name: "walker")
        if quantizedStart {  // as a client sees it after a snapshot: x & ~3, y & ~3
            simulation.players[0].x = (simulation.players[0].x + 77) & ~3
            simulation.players[0].y = (simulation.players[0].y + 51) & ~3
        }
        let start = (simulation.players[0].x, simulation.players[0].y)
        let choices: [Int8] = [-127, -127, 0, 127, 127]
        var rows: [String] = []
        var held: (x: Int8, y: Int8) = (0, 0), holdFor = 0
        for _ in 0..<steps {
            if holdFor == 0 {
                held = Bool.random(using: &rng)
                    ? (choices.randomElement(using: &rng)!, choices.randomElement(using: &rng)!)
                    : (Int8.random(in: -127...127, using: &rng), Int8.random(in: -127...127, using: &rng))
                holdFor = Int.random(in: 5...60, using: &rng)
            }
            holdFor -= 1
            simulation.step(inputs: [1: ArenaInput.make(moveX: held.x, moveY: held.y)])
            rows.append("        [\(held.x), \(held.y), \(simulation.players[0].x), \(simulation.players[0].y)]")
        }
        let tiles = String(decoding: map.tiles.map(\.character.asciiValue!), as: UTF8.self)
        return """
                { "map": "\(key)", "width": \(map.width), "height": \(map.height), "tiles": "\(tiles)",
                  "start": [\(start.0), \(start.1)],
                  "steps": [
            \(rows.joined(separator: ",\n"))
                  ] }
            """
    }
}
