import GameCore

extension ArenaSimulation {
    /// Players (ids 1...1023), then projectiles (1024...59999), then pickups (60000+):
    /// each list is sorted by id and the ranges do not overlap, so ids come out ascending.
    /// Each entity is appended whole (one append, not one write per field), in one batch:
    /// this runs on every snapshot tick of every room. Players are read in place: a copy
    /// would retain and release each one's name.
    public func capture(into state: inout WorldState) {
        state.removeAll(tick: tick)
        state.appendEntities(capacity: players.count + projectiles.count + pickups.count) { capture(into: &$0) }
    }

    private func capture(into state: inout EntityAppender) {
        for index in players.indices {
            var fields = SIMD16<Int32>.zero
            fields[ArenaSchema.Player.x] = players[index].x
            fields[ArenaSchema.Player.y] = players[index].y
            fields[ArenaSchema.Player.aim] = Int32(players[index].aim)
            fields[ArenaSchema.Player.health] = players[index].health
            fields[ArenaSchema.Player.flags] = players[index].alive ? ArenaSchema.Player.Flags.alive : 0
            fields[ArenaSchema.Player.score] = players[index].score
            state.append(id: players[index].id, kind: ArenaSchema.Kind.player, values: fields)
        }
        for projectile in projectiles {
            // The trajectory, constant in flight; the launch tick as a signed 7-bit value.
            let launch = Int32(truncatingIfNeeded: tick &- UInt32(projectile.age)) & 127
            var fields = SIMD16<Int32>.zero
            fields[ArenaSchema.Projectile.originX] = projectile.originX
            fields[ArenaSchema.Projectile.originY] = projectile.originY
            fields[ArenaSchema.Projectile.aim] = Int32(projectile.aim)
            fields[ArenaSchema.Projectile.launchTick] = (launch ^ 64) - 64
            fields[ArenaSchema.Projectile.owner] = Int32(projectile.owner)
            state.append(id: projectile.id, kind: ArenaSchema.Kind.projectile, values: fields)
        }
        for pickup in pickups {
            var fields = SIMD16<Int32>.zero
            fields[ArenaSchema.Pickup.active] = pickup.active ? 1 : 0
            state.append(id: pickup.id, kind: ArenaSchema.Kind.pickup, values: fields)
        }
    }
}
