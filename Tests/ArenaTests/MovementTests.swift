import GameCore
import Testing
@testable import Arena

@Suite struct MovementTests {
    func simulationWithOnePlayer() -> ArenaSimulation {
        var simulation = ArenaSimulation(map: TestMaps.range, seed: 1)
        simulation.seat(1, name: "walker")
        simulation.place(1, tileX: 5, tileY: 2)
        return simulation
    }

    @Test func fullInputMovesAtTopSpeed() {
        var simulation = simulationWithOnePlayer()
        let startX = simulation.players[0].x
        simulation.step(inputs: [1: PlayerInput(moveX: 127)])
        #expect(simulation.players[0].x == startX + ArenaRules.maxSpeed)
        #expect(simulation.players[0].velocityX == ArenaRules.maxSpeed)
    }

    @Test func diagonalIsNoFasterThanStraight() {
        let (vx, vy) = ArenaSimulation.velocity(for: PlayerInput(moveX: 127, moveY: -128))
        #expect(vx > 0 && vy < 0)
        #expect(Int64(vx) * Int64(vx) + Int64(vy) * Int64(vy) <= Int64(ArenaRules.maxSpeed) * Int64(ArenaRules.maxSpeed))
        #expect(ArenaSimulation.velocity(for: PlayerInput(moveX: -128)) == (-ArenaRules.maxSpeed, 0))
    }

    @Test func noInputKeepsStill() {
        var simulation = simulationWithOnePlayer()
        let before = simulation.players[0]
        simulation.run(10)
        #expect(simulation.players[0].x == before.x && simulation.players[0].y == before.y)
    }

    @Test(arguments: [
        // (moveX, moveY, expected x, expected y) after a long walk; walls are column 0 and
        // 11, rows 0 and 4, so the faces are at 256 and 11 * 256, 256 and 4 * 256.
        (Int8(127), Int8(0), 11 * 256 - 90, 2 * 256 + 128),
        (Int8(-127), Int8(0), 256 + 90, 2 * 256 + 128),
        (Int8(0), Int8(127), 5 * 256 + 128, 4 * 256 - 90),
        (Int8(0), Int8(-127), 5 * 256 + 128, 256 + 90),
        (Int8(127), Int8(127), 11 * 256 - 90, 4 * 256 - 90),
    ])
    func wallsStopPlayerAtTheirFace(moveX: Int8, moveY: Int8, expectedX: Int, expectedY: Int) {
        var simulation = simulationWithOnePlayer()
        for _ in 0..<300 {
            simulation.step(inputs: [1: PlayerInput(moveX: moveX, moveY: moveY)])
            let player = simulation.players[0]
            #expect(!Collision.overlapsWall(map: TestMaps.range, x: player.x, y: player.y, radius: ArenaRules.playerRadius))
        }
        #expect(simulation.players[0].x == Int32(expectedX))
        #expect(simulation.players[0].y == Int32(expectedY))
    }

    @Test func randomWalksOnEveryBundledMapNeverEnterWalls() throws {
        let catalog = try MapCatalog.load(directory: TestMaps.bundledDirectory)
        for map in catalog.maps {
            var simulation = ArenaSimulation(map: map, seed: 3)
            var random = SeededRandom(seed: 99)
            for id in 1...PlayerID(min(map.maxPlayers, 8)) { _ = simulation.addPlayer(id, name: "w\(id)") }
            var inputs = TickInputs()
            for tick in 0..<1500 {
                if tick % 20 == 0 {
                    for player in simulation.players {
                        inputs[player.id] = PlayerInput(moveX: Int8(truncatingIfNeeded: random.next()),
                                                        moveY: Int8(truncatingIfNeeded: random.next()))
                    }
                }
                simulation.step(inputs: inputs)
                for player in simulation.players {
                    let inside = Collision.overlapsWall(map: map, x: player.x, y: player.y, radius: ArenaRules.playerRadius)
                    #expect(!inside, "\(map.name): player \(player.id) inside a wall at tick \(tick)")
                    if inside { return }
                }
            }
        }
    }
}
