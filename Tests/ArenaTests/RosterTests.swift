import GameCore
import Testing
@testable import Arena

@Suite struct RosterTests {
    @Test func addPlayerRefusesWhenFullTakenOrOutOfRange() {
        var simulation = ArenaSimulation(map: TestMaps.hall, seed: 1) // max-players: 2
        simulation.refuse(0, name: "zero")
        simulation.refuse(1024, name: "too big")
        simulation.seat(1023, name: "last")
        simulation.refuse(1023, name: "again")
        simulation.seat(7, name: "seven")
        simulation.refuse(8, name: "full")
        #expect(simulation.players.map(\.id) == [7, 1023])
        #expect(simulation.player(7)?.name == "seven")
        simulation.removePlayer(7)
        simulation.seat(8, name: "now fits")
    }

    @Test func newPlayersStartAliveOnFreeSpawnPoints() {
        var simulation = ArenaSimulation(map: TestMaps.range, seed: 11)
        simulation.seat(2, name: "a")
        simulation.seat(1, name: "b")
        let spots = Set(simulation.players.map { TilePoint(x: Fixed.tile($0.x), y: Fixed.tile($0.y)) })
        #expect(spots == [TilePoint(x: 1, y: 1), TilePoint(x: 10, y: 1)])
        for player in simulation.players {
            #expect(player.alive && player.health == ArenaRules.maxHealth && player.score == 0)
        }
    }

    @Test func removePlayerRemovesItsProjectilesOnly() {
        var simulation = ArenaSimulation(map: TestMaps.range, seed: 1)
        _ = simulation.addPlayer(1, name: "a")
        _ = simulation.addPlayer(2, name: "b")
        simulation.place(1, tileX: 3, tileY: 1)
        simulation.place(2, tileX: 3, tileY: 3)
        let fire = PlayerInput(aim: Aim.east, buttons: PlayerInput.Buttons.fire)
        simulation.step(inputs: [1: fire, 2: fire])
        #expect(Set(simulation.projectiles.map(\.owner)) == [1, 2])
        simulation.removePlayer(1)
        #expect(simulation.projectiles.map(\.owner) == [2])
        #expect(simulation.player(1) == nil)
        simulation.removePlayer(42) // unknown: no effect
        #expect(simulation.players.count == 1)
    }

    @Test func inputSequenceNumbersDoNotChangeTheWorld() {
        // They belong to the connection (the room echoes them), not to the game: a replay,
        // which does not keep them, must play the same.
        var numbered = ArenaSimulation(map: TestMaps.range, seed: 1)
        var bare = numbered
        _ = numbered.addPlayer(1, name: "a")
        _ = bare.addPlayer(1, name: "a")
        numbered.step(inputs: [1: ArenaInput.make(sequence: 77, moveX: 127, fire: true)])
        bare.step(inputs: [1: ArenaInput.make(moveX: 127, fire: true)])
        #expect(numbered.stateHash() == bare.stateHash())
    }
}
