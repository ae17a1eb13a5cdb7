import GameCore

extension ArenaSimulation {
    /// Re-activates pickups whose delay ran out, then lets living players (in id order)
    /// take active pickups they touch if they are hurt.
    mutating func advancePickups() {
        for index in pickups.indices where !pickups[index].active {
            pickups[index].respawnTicks -= 1
            if pickups[index].respawnTicks <= 0 {
                pickups[index].active = true
                pickups[index].respawnTicks = 0
                events.append(.pickupRespawned(pickup: index))
            }
        }
        guard !pickups.isEmpty else { return }
        let reach = ArenaRules.pickupReach
        // Only the wounded pick up; a player does not move while it does.
        for playerIndex in players.indices where players[playerIndex].alive && players[playerIndex].health < ArenaRules.maxHealth {
            let playerX = players[playerIndex].x, playerY = players[playerIndex].y
            for index in pickups.indices where pickups[index].active {
                guard abs(playerX - pickups[index].x) < reach, abs(playerY - pickups[index].y) < reach else { continue }
                let healed = min(players[playerIndex].health + ArenaRules.pickupHeal, ArenaRules.maxHealth)
                players[playerIndex].health = healed
                pickups[index].active = false
                pickups[index].respawnTicks = ArenaRules.pickupRespawnDelay
                events.append(.pickedUp(player: players[playerIndex].id, pickup: index, healthAfter: healed))
                if healed == ArenaRules.maxHealth { break }
            }
        }
    }
}
