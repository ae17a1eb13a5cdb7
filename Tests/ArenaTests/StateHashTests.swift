import GameCore
import Testing
@testable import Arena

/// The state hash must see every piece of simulation state, timers included, or two
/// diverged rooms could look identical.
@Suite struct StateHashTests {
    func base() -> ArenaSimulation {
        var simulation = ArenaSimulation(map: TestMaps.clinic, seed: 21)
        simulation.seat(1, name: "a")
        simulation.seat(2, name: "b")
        simulation.step(inputs: [1: PlayerInput(aim: Aim.south, buttons: PlayerInput.Buttons.fire)])
        return simulation
    }

    typealias Change = @Sendable (inout ArenaSimulation) -> Void

    static let changes: [(String, Change)] = [
        ("rng", { _ = $0.random.next() }),
        ("projectile cursor", { $0.nextProjectileID += 1 }),
        ("player x", { $0.players[0].x += 1 }),
        ("player y", { $0.players[0].y += 1 }),
        ("player velocity", { $0.players[0].velocityX += 1 }),
        ("player aim", { $0.players[0].aim &+= 1 }),
        ("player health", { $0.players[0].health -= 1 }),
        ("player score", { $0.players[0].score += 1 }),
        ("player alive", { $0.players[0].alive.toggle() }),
        ("player respawn timer", { $0.players[0].respawnTicks += 1 }),
        ("player cooldown", { $0.players[0].fireCooldown += 1 }),
        ("projectile x", { $0.projectiles[0].x += 1 }),
        ("projectile lifetime", { $0.projectiles[0].ticksLeft -= 1 }),
        ("pickup active", { $0.pickups[0].active.toggle() }),
        ("pickup timer", { $0.pickups[0].respawnTicks += 1 }),
        ("player removed", { $0.removePlayer(2) }),
    ]

    @Test func everyFieldChangesTheHash() {
        let original = base()
        #expect(original.stateHash() == base().stateHash())
        for (label, change) in Self.changes {
            var changed = original
            change(&changed)
            #expect(changed.stateHash() != original.stateHash(), "\(label) is not hashed")
        }
        var stepped = original
        stepped.step(inputs: [:])
        #expect(stepped.stateHash() != original.stateHash(), "tick is not hashed")
    }

    @Test func viewSkipsUnknownKinds() {
        var state = WorldState(tick: 5)
        state.append(id: 1, kind: ArenaSchema.Kind.player)
        state.append(id: 2, kind: 9)
        let view = ArenaView(state: state)
        #expect(view.players.count == 1)
        #expect(view.projectiles.isEmpty && view.pickups.isEmpty)
    }
}
