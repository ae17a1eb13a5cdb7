import GameCore

extension ArenaSimulation {
    /// FNV-1a 64 over the whole simulation state in a fixed order: tick, RNG, id cursor,
    /// then every field of every player, projectile and pickup (timers included).
    public func stateHash() -> UInt64 {
        var hasher = StateHasher()
        hasher.combine(tick)
        hasher.combine(random.state)
        hasher.combine(nextProjectileID)
        hasher.combine(players.count)
        for player in players {
            hasher.combine(player.id)
            hasher.combine(player.name)
            hasher.combine(player.x)
            hasher.combine(player.y)
            hasher.combine(player.velocityX)
            hasher.combine(player.velocityY)
            hasher.combine(player.aim)
            hasher.combine(player.health)
            hasher.combine(player.score)
            hasher.combine(player.alive)
            hasher.combine(player.respawnTicks)
            hasher.combine(player.fireCooldown)
        }
        hasher.combine(projectiles.count)
        for projectile in projectiles {
            hasher.combine(projectile.id)
            hasher.combine(projectile.owner)
            hasher.combine(projectile.x)
            hasher.combine(projectile.y)
            hasher.combine(projectile.velocityX)
            hasher.combine(projectile.velocityY)
            hasher.combine(projectile.ticksLeft)
        }
        hasher.combine(pickups.count)
        for pickup in pickups {
            hasher.combine(pickup.active)
            hasher.combine(pickup.respawnTicks)
        }
        return hasher.value
    }
}
