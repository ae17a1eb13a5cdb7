import GameCore

extension ArenaSimulation {
    /// A spawn point no living player's box overlaps, picked with the room's RNG; if all
    /// are occupied, any spawn point (a crowded map must still seat everyone).
    mutating func chooseSpawnPoint() -> TilePoint {
        let clearance = 2 * ArenaRules.playerRadius
        var free: [TilePoint] = []
        for spawn in map.spawns {
            let x = Fixed.center(ofTile: spawn.x), y = Fixed.center(ofTile: spawn.y)
            let occupied = players.contains { $0.alive && abs($0.x - x) < clearance && abs($0.y - y) < clearance }
            if !occupied { free.append(spawn) }
        }
        let candidates = free.isEmpty ? map.spawns : free
        return candidates[random.next(below: candidates.count)]
    }

    /// Counts down dead players' timers and brings them back with full health.
    mutating func advanceRespawnTimers() {
        for index in players.indices where !players[index].alive {
            players[index].respawnTicks -= 1
            if players[index].respawnTicks <= 0 { respawn(playerAt: index) }
        }
    }

    private mutating func respawn(playerAt index: Int) {
        let spawn = chooseSpawnPoint()
        players[index].x = Fixed.center(ofTile: spawn.x)
        players[index].y = Fixed.center(ofTile: spawn.y)
        players[index].velocityX = 0
        players[index].velocityY = 0
        players[index].health = ArenaRules.maxHealth
        players[index].alive = true
        players[index].respawnTicks = 0
        players[index].fireCooldown = 0
        events.append(.respawned(player: players[index].id, at: spawn))
    }
}
