import Arena

extension BotBrain {
    /// Farthest a bot shoots at, in world units: a projectile flies 20 tiles/s for 1.5 s.
    static let shotRange = Double(ArenaRules.projectileSpeed * ArenaRules.projectileLifetime) * 0.8

    /// The enemy to fight: the current one while it stays about as close as the nearest
    /// (so bots do not flip between two targets and keep resetting their reaction).
    mutating func chooseTarget(_ sight: BotSight) -> ArenaView.Player? {
        guard let nearest = sight.enemies.min(by: { distanceSquared(sight.me, $0) < distanceSquared(sight.me, $1) }) else {
            targetID = nil
            return nil
        }
        if let current = sight.enemies.first(where: { $0.id == targetID }),
           distanceSquared(sight.me, current) <= distanceSquared(sight.me, nearest) * 2.25 {
            return current
        }
        targetID = nearest.id
        targetAcquiredAt = sight.now
        return nearest
    }

    /// Whether the reaction delay since picking up the current target has passed.
    func hasReacted(_ sight: BotSight) -> Bool {
        sight.now &- targetAcquiredAt >= UInt64(profile.reactionMilliseconds)
    }

    func canSee(_ sight: BotSight, _ enemy: ArenaView.Player) -> Bool {
        grid.hasLineOfSight(fromX: sight.me.x, fromY: sight.me.y, toX: enemy.x, toY: enemy.y)
    }

    /// Aims at where the enemy will be when the shot arrives (its velocity from the last
    /// sight), off by a random angle within the profile's aim error, and fires when the
    /// weapon is ready and the enemy is in range.
    mutating func shoot(at enemy: ArenaView.Player, _ sight: BotSight, into input: inout BotInput) {
        var aimX = Double(enemy.x), aimY = Double(enemy.y)
        let distance = distanceSquared(sight.me, enemy).squareRoot()
        if let seen = lastSeen[enemy.id] {
            let flight = distance / Double(ArenaRules.projectileSpeed)
            aimX += seen.velocityX * flight
            aimY += seen.velocityY * flight
        }
        let error = Aim.radians(degrees: uniform(-profile.aimErrorDegrees...profile.aimErrorDegrees))
        input.aim = Aim.aim(radians: Aim.angle(dx: aimX - Double(sight.me.x), dy: aimY - Double(sight.me.y)) + error)
        input.fire = distance <= Self.shotRange  // the server enforces the cooldown
    }

    func distanceSquared(_ a: ArenaView.Player, _ b: ArenaView.Player) -> Double {
        let dx = Double(b.x - a.x), dy = Double(b.y - a.y)
        return dx * dx + dy * dy
    }
}
