import GameCore
import Testing
@testable import Arena

@Suite struct CaptureTests {
    /// A mid-match simulation with players (one dead), projectiles and a taken pickup.
    func busySimulation() -> ArenaSimulation {
        var simulation = ScriptedMatch(map: TestMaps.parseBundled("duel"), seed: 3, inputSeed: 4, players: 4, ticks: 500).run().simulation
        // Everyone fires (each in its own direction) until something is in flight.
        var firing = TickInputs()
        for player in simulation.players {
            firing[player.id] = PlayerInput(aim: UInt16(truncatingIfNeeded: Int(player.id) * 9000), buttons: PlayerInput.Buttons.fire)
        }
        for _ in 0..<30 where simulation.projectiles.isEmpty { simulation.step(inputs: firing) }
        if let index = simulation.playerIndex(6) {
            simulation.players[index].alive = false
            simulation.players[index].respawnTicks = 50
        }
        simulation.pickups[0].active = false
        simulation.pickups[0].respawnTicks = 100
        return simulation
    }

    @Test func captureListsEveryEntityInAscendingIDOrderWithItsKind() {
        let simulation = busySimulation()
        #expect(!simulation.projectiles.isEmpty)
        var state = WorldState()
        simulation.capture(into: &state)
        #expect(state.tick == simulation.tick)
        #expect(state.ids == state.ids.sorted())
        #expect(Set(state.ids).count == state.count)
        #expect(state.count == simulation.players.count + simulation.projectiles.count + simulation.pickups.count)
        for entity in 0..<state.count {
            let id = state.ids[entity]
            let expected: UInt8 = id < 1024 ? ArenaSchema.Kind.player : id < 60000 ? ArenaSchema.Kind.projectile : ArenaSchema.Kind.pickup
            #expect(state.kinds[entity] == expected)
        }
    }

    @Test func capturedValuesMatchTheAccessorsAndTheView() {
        let simulation = busySimulation()
        var state = WorldState()
        simulation.capture(into: &state)
        let view = ArenaView(state: state)
        #expect(view.tick == simulation.tick)
        #expect(view.players.count == simulation.players.count)
        for player in simulation.players {
            let seen = view.player(player.id)
            #expect(seen == ArenaView.Player(id: player.id, x: player.x, y: player.y, aim: player.aim,
                                             health: player.health, score: player.score, alive: player.alive))
        }
        #expect(view.players.contains { !$0.alive })
        #expect(view.projectiles == simulation.projectiles.map {
            ArenaView.Projectile(id: $0.id, x: $0.x, y: $0.y, owner: $0.owner)
        })
        #expect(view.pickups == simulation.pickups.map { ArenaView.Pickup(id: $0.id, index: $0.index, active: $0.active) })
        #expect(view.pickups.first?.active == false)
    }

    @Test func aViewReadAgainHoldsOnlyTheNewState() {
        var simulation = busySimulation()
        var before = WorldState()
        simulation.capture(into: &before)
        simulation.removePlayer(3)
        for _ in 0..<20 { simulation.step(inputs: [:]) }
        var after = WorldState()
        simulation.capture(into: &after)
        var view = ArenaView(state: before)
        view.read(after)
        #expect(view == ArenaView(state: after))
        #expect(view.player(3) == nil)
    }

    @Test func aViewReadWithoutProjectilesHasEverythingElse() {
        let simulation = busySimulation()
        var state = WorldState()
        simulation.capture(into: &state)
        let whole = ArenaView(state: state)
        #expect(!whole.projectiles.isEmpty, "the fixture has shots in flight")
        var view = whole
        view.read(state, projectiles: false)
        #expect(view.projectiles.isEmpty)
        #expect(view.tick == whole.tick && view.players == whole.players && view.pickups == whole.pickups)
    }

    @Test func captureReusesStorageAndReplacesOldContent() {
        var simulation = busySimulation()
        var state = WorldState()
        simulation.capture(into: &state)
        simulation.removePlayer(3)
        simulation.capture(into: &state)
        #expect(state.index(of: 3) == nil)
        #expect(state.count == simulation.players.count + simulation.projectiles.count + simulation.pickups.count)
    }

    @Test func schemaNamesEveryFieldTheViewDecodes() {
        let schema = ArenaSimulation.schema
        #expect(schema.kinds.map(\.name) == ["player", "projectile", "pickup"])
        func index(_ kind: UInt8, _ name: String) -> Int? {
            schema.kind(kind)?.fields.firstIndex { $0.name == name }
        }
        #expect(index(ArenaSchema.Kind.player, "x") == ArenaSchema.Player.x)
        #expect(index(ArenaSchema.Kind.player, "y") == ArenaSchema.Player.y)
        #expect(index(ArenaSchema.Kind.player, "aim") == ArenaSchema.Player.aim)
        #expect(index(ArenaSchema.Kind.player, "health") == ArenaSchema.Player.health)
        #expect(index(ArenaSchema.Kind.player, "flags") == ArenaSchema.Player.flags)
        #expect(index(ArenaSchema.Kind.player, "score") == ArenaSchema.Player.score)
        #expect(schema.kind(ArenaSchema.Kind.player)?.fields.count == 6)
        #expect(index(ArenaSchema.Kind.projectile, "originX") == ArenaSchema.Projectile.originX)
        #expect(index(ArenaSchema.Kind.projectile, "originY") == ArenaSchema.Projectile.originY)
        #expect(index(ArenaSchema.Kind.projectile, "aim") == ArenaSchema.Projectile.aim)
        #expect(index(ArenaSchema.Kind.projectile, "launchTick") == ArenaSchema.Projectile.launchTick)
        #expect(index(ArenaSchema.Kind.projectile, "owner") == ArenaSchema.Projectile.owner)
        #expect(schema.kind(ArenaSchema.Kind.projectile)?.fields.count == 5)
        #expect(index(ArenaSchema.Kind.pickup, "active") == ArenaSchema.Pickup.active)
        #expect(schema.kind(ArenaSchema.Kind.pickup)?.fields.count == 1)
    }

    @Test func everyCapturedValueFitsItsFieldWidth() throws {
        // The largest map, full, mid-fight: positions and scores must fit the declared bits.
        let match = ScriptedMatch(map: TestMaps.parseBundled("warehouse"), seed: 8, inputSeed: 8, players: 32, ticks: 600)
        let simulation = match.run().simulation
        var state = WorldState()
        simulation.capture(into: &state)
        for entity in 0..<state.count {
            let kind = try #require(ArenaSimulation.schema.kind(state.kinds[entity]))
            for (field, descriptor) in kind.fields.enumerated() {
                let value = state.value(entity, field)
                if descriptor.signed {
                    // Signed fields (the launch tick mod 128) must already be in range.
                    let half = Int64(1) << (descriptor.bits - 1)
                    #expect((-half..<half).contains(Int64(value >> Int32(descriptor.quantizeShift))),
                            "\(kind.name).\(descriptor.name) = \(value) does not fit \(descriptor.bits) signed bits")
                    continue
                }
                #expect(value >= 0, "\(kind.name).\(descriptor.name) negative")
                #expect(Int64(value) >> descriptor.quantizeShift < Int64(1) << descriptor.bits,
                        "\(kind.name).\(descriptor.name) = \(value) does not fit \(descriptor.bits) bits")
            }
            for field in kind.fields.count..<WorldState.maxFields {
                #expect(state.value(entity, field) == 0)
            }
        }
    }
}
