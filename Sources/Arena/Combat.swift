import GameCore

extension ArenaSimulation {
    /// Launches a projectile from the player's centre along its aim and starts the cooldown.
    mutating func fire(playerAt index: Int) {
        let shooter = players[index]
        let velocity = ArenaRules.projectileVelocity(aim: shooter.aim)
        let id = allocateProjectileID()
        let projectile = ArenaProjectile(id: id, owner: shooter.id, aim: shooter.aim, x: shooter.x, y: shooter.y,
                                         velocityX: velocity.x, velocityY: velocity.y,
                                         ticksLeft: ArenaRules.projectileLifetime)
        projectiles.insert(projectile, at: projectileInsertionIndex(for: id))
        players[index].fireCooldown = ArenaRules.fireCooldown
        events.append(.fired(player: shooter.id, projectile: id))
    }

    /// The next id in the projectile range that is not in flight, cycling through the range.
    mutating func allocateProjectileID() -> UInt16 {
        let range = ArenaRules.projectileIDs
        while true {
            let candidate = nextProjectileID
            nextProjectileID = candidate == range.upperBound ? range.lowerBound : candidate + 1
            let at = projectileInsertionIndex(for: candidate)
            if at == projectiles.count || projectiles[at].id != candidate { return candidate }
        }
    }

    /// First index whose projectile id is >= `id` (projectiles stay sorted by id).
    func projectileInsertionIndex(for id: UInt16) -> Int {
        var low = 0, high = projectiles.count
        while low < high {
            let mid = (low + high) / 2
            if projectiles[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Moves every projectile by exactly its velocity each tick (so its position is
    /// `origin + velocity * age`, what clients compute from the replicated trajectory),
    /// checking walls and players in short sub-steps (so none skips a wall corner or a
    /// player); removes it at a wall, on a hit, or when its lifetime runs out.
    mutating func advanceProjectiles() {
        // The shots leave the simulation while they fly (nothing in flight reads them), so
        // the loop writes through a pointer, not a checked and uniqued array per shot.
        var flying: [ArenaProjectile] = []
        swap(&flying, &projectiles)
        let kept = flying.withUnsafeMutableBufferPointer { shots in
            var kept = 0
            for index in shots.indices {
                var projectile = shots[index]
                if fly(&projectile) {
                    shots[kept] = projectile
                    kept += 1
                }
            }
            return kept
        }
        flying.removeLast(flying.count - kept)
        swap(&flying, &projectiles)
    }

    /// One tick of flight; returns whether the projectile is still in the air.
    private mutating func fly(_ projectile: inout ArenaProjectile) -> Bool {
        let longest = max(abs(projectile.velocityX), abs(projectile.velocityY))
        let substeps = max(1, (longest + ArenaRules.projectileSubstep - 1) / ArenaRules.projectileSubstep)
        let startX = projectile.x, startY = projectile.y
        // Positions stay within the map and speeds are small: the sums cannot overflow, so
        // they skip the checks (this runs for every shot on every tick).
        let endX = startX &+ projectile.velocityX, endY = startY &+ projectile.velocityY
        // Sub-step checks only when someone could be hit on this tick's path at all: most
        // shots fly far from every player, and the answer is the same either way.
        let reachable = anyPlayerNear(fromX: startX, y: startY, toX: endX, y: endY, sparing: projectile.owner)
        // A path that starts and ends in one tile lies inside it (tiles are boxes): every
        // sub-step has that tile's wall answer, so one lookup does for all, and without
        // anyone to hit there is nothing left to check (most ticks of most shots).
        let oneTile = Fixed.tile(startX) == Fixed.tile(endX) && Fixed.tile(startY) == Fixed.tile(endY)
        if oneTile {
            if map.isWall(x: Fixed.tile(endX), y: Fixed.tile(endY)) { return false }
            if !reachable { return finishTick(&projectile, at: endX, endY) }
        }
        for step in 1...substeps {
            let x = startX &+ projectile.velocityX &* step / substeps
            let y = startY &+ projectile.velocityY &* step / substeps
            if !oneTile && map.isWall(x: Fixed.tile(x), y: Fixed.tile(y)) { return false }
            if reachable, let victim = playerHit(at: x, y: y, sparing: projectile.owner) {
                damage(playerAt: victim, by: projectile)
                return false
            }
        }
        return finishTick(&projectile, at: endX, endY)
    }

    /// The end of a tick's flight: the projectile at its new place, one tick older; whether
    /// it is still in the air.
    private func finishTick(_ projectile: inout ArenaProjectile, at x: Int32, _ y: Int32) -> Bool {
        projectile.x = x
        projectile.y = y
        projectile.ticksLeft -= 1
        return projectile.ticksLeft > 0
    }

    /// Whether a living player other than the owner is within the hit radius of the box
    /// around a path: no sub-step point of the path can hit anyone else.
    private func anyPlayerNear(fromX: Int32, y fromY: Int32, toX: Int32, y toY: Int32, sparing owner: PlayerID) -> Bool {
        let radius = ArenaRules.hitRadius
        let minX = min(fromX, toX) &- radius, maxX = max(fromX, toX) &+ radius
        let minY = min(fromY, toY) &- radius, maxY = max(fromY, toY) &+ radius
        for index in players.indices where players[index].alive && players[index].id != owner {
            if players[index].x > minX && players[index].x < maxX && players[index].y > minY && players[index].y < maxY {
                return true
            }
        }
        return false
    }

    /// The first living player (by id) other than the owner within the hit radius. Reads
    /// fields in place: a whole player copied per substep would retain and release its name.
    private func playerHit(at x: Int32, y: Int32, sparing owner: PlayerID) -> Int? {
        let reach = Int64(ArenaRules.hitRadius) * Int64(ArenaRules.hitRadius)
        for index in players.indices where players[index].alive && players[index].id != owner {
            let dx = Int64(players[index].x - x), dy = Int64(players[index].y - y)
            if dx * dx + dy * dy < reach { return index }
        }
        return nil
    }

    private mutating func damage(playerAt index: Int, by projectile: ArenaProjectile) {
        let health = max(0, players[index].health - ArenaRules.projectileDamage)
        players[index].health = health
        let victim = players[index].id
        events.append(.hit(projectile: projectile.id, shooter: projectile.owner, victim: victim, healthLeft: health))
        guard health == 0 else { return }
        players[index].alive = false
        players[index].velocityX = 0
        players[index].velocityY = 0
        players[index].respawnTicks = ArenaRules.respawnDelay
        if let shooter = playerIndex(projectile.owner) {
            players[shooter].score = min(players[shooter].score + 1, ArenaRules.maxScore)
        }
        events.append(.killed(shooter: projectile.owner, victim: victim))
    }
}
