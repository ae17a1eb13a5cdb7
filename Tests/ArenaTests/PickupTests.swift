import GameCore
import Testing
@testable import Arena

@Suite struct PickupTests {
    /// One player standing on the clinic's pickup (column 5, row 2).
    func patient(health: Int32) -> ArenaSimulation {
        var simulation = ArenaSimulation(map: TestMaps.clinic, seed: 9)
        simulation.seat(1, name: "patient")
        simulation.place(1, tileX: 5, tileY: 2)
        simulation.setHealth(1, health)
        return simulation
    }

    @Test func pickupIsNotConsumedAtFullHealth() {
        var simulation = patient(health: ArenaRules.maxHealth)
        simulation.run(50)
        #expect(simulation.pickups[0].active)
        #expect(simulation.player(1)?.health == ArenaRules.maxHealth)
    }

    @Test(arguments: [(Int32(50), Int32(75)), (Int32(90), Int32(100)), (Int32(1), Int32(26))])
    func pickupHealsCappedAtMaximum(before: Int32, after: Int32) {
        var simulation = patient(health: before)
        simulation.step(inputs: [:])
        #expect(simulation.player(1)?.health == after)
        #expect(!simulation.pickups[0].active)
        #expect(simulation.events == [.pickedUp(player: 1, pickup: 0, healthAfter: after)])
        // Inactive: no second heal while standing on it.
        simulation.setHealth(1, 10)
        simulation.run(10)
        #expect(simulation.player(1)?.health == 10)
    }

    @Test func pickupRespawnsAfterTheDelay() {
        var simulation = patient(health: 40)
        simulation.step(inputs: [:])
        simulation.place(1, tileX: 1, tileY: 1)
        simulation.run(Int(ArenaRules.pickupRespawnDelay) - 1)
        #expect(!simulation.pickups[0].active)
        simulation.step(inputs: [:])
        #expect(simulation.pickups[0].active)
        #expect(simulation.events.contains(.pickupRespawned(pickup: 0)))
        // And it can be taken again.
        simulation.place(1, tileX: 5, tileY: 2)
        simulation.step(inputs: [:])
        #expect(simulation.player(1)?.health == 90)
    }

    @Test func touchingTheEdgeOfThePickupTileCounts() {
        var simulation = patient(health: 50)
        simulation.place(1, tileX: 4, tileY: 2) // one tile west: centres 256 apart, beyond reach
        simulation.step(inputs: [:])
        #expect(simulation.pickups[0].active)
        // Walk east until the pickup is taken.
        simulation.run(5, inputs: [1: PlayerInput(moveX: 127)])
        #expect(!simulation.pickups[0].active)
        #expect(simulation.player(1)?.health == 75)
    }
}
