import GameCore

extension ArenaSimulation {
    /// Players (ids 1...1023), then projectiles (1024...59999), then pickups (60000+):
    /// each list is sorted by id and the ranges do not overlap, so ids come out ascending.
    public func capture(into state: inout WorldState) {
        state.removeAll(tick: tick)
        for player in players {
            let entity = state.append(id: player.id, kind: ArenaSchema.Kind.player)
            var flags: Int32 = 0
            if player.alive { flags |= ArenaSchema.Player.Flags.alive }
            state.set(entity, ArenaSchema.Player.x, player.x)
            state.set(entity, ArenaSchema.Player.y, player.y)
            state.set(entity, ArenaSchema.Player.aim, Int32(player.aim))
            state.set(entity, ArenaSchema.Player.health, player.health)
            state.set(entity, ArenaSchema.Player.flags, flags)
            state.set(entity, ArenaSchema.Player.score, player.score)
        }
        for projectile in projectiles {
            let entity = state.append(id: projectile.id, kind: ArenaSchema.Kind.projectile)
            // The trajectory, constant in flight; the launch tick as a signed 7-bit value.
            let launch = Int32(truncatingIfNeeded: tick &- UInt32(projectile.age)) & 127
            state.set(entity, ArenaSchema.Projectile.originX, projectile.originX)
            state.set(entity, ArenaSchema.Projectile.originY, projectile.originY)
            state.set(entity, ArenaSchema.Projectile.aim, Int32(projectile.aim))
            state.set(entity, ArenaSchema.Projectile.launchTick, (launch ^ 64) - 64)
            state.set(entity, ArenaSchema.Projectile.owner, Int32(projectile.owner))
        }
        for pickup in pickups {
            let entity = state.append(id: pickup.id, kind: ArenaSchema.Kind.pickup)
            state.set(entity, ArenaSchema.Pickup.active, pickup.active ? 1 : 0)
        }
    }
}
