import GameCore
import Testing
@testable import Arena

@Suite struct CombatTests {
    /// Shooter 1 on the west spawn, target 2 four tiles east of it, on the range map.
    func duel() -> ArenaSimulation {
        var simulation = ArenaSimulation(map: TestMaps.range, seed: 5)
        simulation.seat(1, name: "shooter")
        simulation.seat(2, name: "target")
        simulation.place(1, tileX: 1, tileY: 1)
        simulation.place(2, tileX: 5, tileY: 1)
        return simulation
    }

    let fire = PlayerInput(aim: Aim.east, buttons: PlayerInput.Buttons.fire)

    @Test func aProjectileHitCostsHealth() {
        var simulation = duel()
        simulation.step(inputs: [1: fire])
        #expect(simulation.projectiles.count == 1)
        #expect(simulation.projectiles[0].owner == 1)
        let events = simulation.run(20)
        #expect(simulation.player(2)?.health == ArenaRules.maxHealth - ArenaRules.projectileDamage)
        #expect(simulation.projectiles.isEmpty)
        #expect(events.contains(.hit(projectile: 1024, shooter: 1, victim: 2, healthLeft: 75)))
        #expect(simulation.player(1)?.health == ArenaRules.maxHealth)
    }

    /// Shooter 1 firing east along row 1 at players 2 and 3 placed on tiles of that row.
    func shot(target2: Int, target3: Int) -> ArenaSimulation {
        var simulation = ArenaSimulation(map: TestMaps.range, seed: 5)
        simulation.seat(1, name: "shooter")
        simulation.seat(2, name: "two")
        simulation.seat(3, name: "three")
        simulation.place(1, tileX: 1, tileY: 1)
        simulation.place(2, tileX: target2, tileY: 1)
        simulation.place(3, tileX: target3, tileY: 1)
        simulation.step(inputs: [1: fire])
        simulation.run(20)
        return simulation
    }

    @Test func aShotHitsTheFirstPlayerOnItsPathNotTheLowerId() {
        let simulation = shot(target2: 8, target3: 4)
        #expect(simulation.player(3)?.health == ArenaRules.maxHealth - ArenaRules.projectileDamage)
        #expect(simulation.player(2)?.health == ArenaRules.maxHealth)
    }

    @Test func ofTwoPlayersReachedAtTheSameStepTheLowerIdIsHit() {
        let simulation = shot(target2: 5, target3: 5)
        #expect(simulation.player(2)?.health == ArenaRules.maxHealth - ArenaRules.projectileDamage)
        #expect(simulation.player(3)?.health == ArenaRules.maxHealth)
    }

    @Test func deathScoresForTheShooterAndRespawnsAfterTheDelay() {
        var simulation = duel()
        var deathTick: UInt32?
        for _ in 0..<200 where deathTick == nil {
            simulation.step(inputs: [1: fire])
            if simulation.events.contains(.killed(shooter: 1, victim: 2)) { deathTick = simulation.tick }
        }
        guard let deathTick else {
            Issue.record("target never died")
            return
        }
        let target = simulation.player(2)!
        #expect(!target.alive)
        #expect(target.health == 0)
        #expect(simulation.player(1)?.score == 1)
        #expect(simulation.player(2)?.score == 0)
        // Dead players are not hit again and do not move.
        simulation.run(30, inputs: [1: fire, 2: PlayerInput(moveX: 127)])
        #expect(simulation.player(2)?.health == 0)
        // Let every projectile reach the wall before the target comes back.
        simulation.run(Int(ArenaRules.respawnDelay) - 31, inputs: [2: PlayerInput(moveX: 127)])
        #expect(simulation.projectiles.isEmpty)
        #expect(simulation.tick == deathTick + UInt32(ArenaRules.respawnDelay) - 1)
        #expect(simulation.player(2)?.alive == false)
        #expect(simulation.player(2)?.x == target.x)
        #expect(simulation.player(1)?.score == 1)

        simulation.step(inputs: [:])
        let respawned = simulation.player(2)!
        #expect(respawned.alive)
        #expect(respawned.health == ArenaRules.maxHealth)
        // The west spawn is occupied by the living shooter, so the east one is the free one.
        #expect(respawned.x == Fixed.center(ofTile: 10) && respawned.y == Fixed.center(ofTile: 1))
        #expect(simulation.events.contains(.respawned(player: 2, at: TilePoint(x: 10, y: 1))))
    }

    @Test(arguments: [1, 14, 15, 16, 30, 31, 45, 46, 100])
    func holdingFireRespectsTheCooldown(ticks: Int) {
        var simulation = ArenaSimulation(map: TestMaps.range, seed: 5)
        _ = simulation.addPlayer(1, name: "shooter")
        let events = simulation.run(ticks, inputs: [1: PlayerInput(aim: Aim.south, buttons: PlayerInput.Buttons.fire)])
        let shots = events.filter { if case .fired = $0 { true } else { false } }.count
        let cooldown = Int(ArenaRules.fireCooldown)
        #expect(shots == (ticks + cooldown - 1) / cooldown)
    }

    @Test func projectilesExpireAfterTheirLifetime() {
        var simulation = ArenaSimulation(map: TestMaps.hall, seed: 5)
        _ = simulation.addPlayer(1, name: "shooter")
        simulation.place(1, tileX: 1, tileY: 1)
        simulation.step(inputs: [1: fire])
        simulation.run(Int(ArenaRules.projectileLifetime) - 2)
        #expect(simulation.projectiles.count == 1)
        let flown = simulation.projectiles[0].x - Fixed.center(ofTile: 1)
        #expect(flown == ArenaRules.projectileSpeed * (ArenaRules.projectileLifetime - 1))
        simulation.step(inputs: [:])
        #expect(simulation.projectiles.isEmpty)
    }

    @Test(arguments: [Aim.east, Aim.west, Aim.north, Aim.south, UInt16(8192), UInt16(40000)])
    func projectilesStopAtWalls(aim: UInt16) {
        var simulation = ArenaSimulation(map: TestMaps.range, seed: 5)
        _ = simulation.addPlayer(1, name: "shooter")
        simulation.place(1, tileX: 5, tileY: 2)
        simulation.step(inputs: [1: PlayerInput(aim: aim, buttons: PlayerInput.Buttons.fire)])
        for _ in 0..<40 {
            for projectile in simulation.projectiles {
                #expect(!TestMaps.range.isWall(x: Fixed.tile(projectile.x), y: Fixed.tile(projectile.y)))
            }
            simulation.step(inputs: [:])
        }
        // The room is 10 tiles wide: any wall is reached long before the lifetime ends.
        #expect(simulation.projectiles.isEmpty)
    }

    @Test func aimDirectionsFollowTheConvention() {
        #expect(FixedTrig.direction(aim: Aim.east) == (FixedTrig.one, 0))
        #expect(FixedTrig.direction(aim: Aim.south) == (0, FixedTrig.one))
        #expect(FixedTrig.direction(aim: Aim.west) == (-FixedTrig.one, 0))
        #expect(FixedTrig.direction(aim: Aim.north) == (0, -FixedTrig.one))
        for step in 0..<FixedTrig.stepsPerTurn {
            let s = Int64(FixedTrig.sine(step: step)), c = Int64(FixedTrig.cosine(step: step))
            let one = Int64(FixedTrig.one)
            #expect(abs(s * s + c * c - one * one) < 2 * one, "step \(step)")
        }
    }

    @Test func projectileIDsWrapAndSkipLiveOnes() {
        var simulation = duel()
        simulation.place(2, tileX: 10, tileY: 3)
        simulation.nextProjectileID = ArenaRules.projectileIDs.upperBound
        simulation.step(inputs: [1: fire])
        simulation.run(Int(ArenaRules.fireCooldown) - 1)
        // Point the cursor at the id still in flight: it must be skipped.
        simulation.nextProjectileID = ArenaRules.projectileIDs.upperBound
        simulation.step(inputs: [1: fire])
        #expect(simulation.projectiles.map(\.id) == [1024, 59999])
        #expect(simulation.events == [.fired(player: 1, projectile: 1024)])
    }
}
