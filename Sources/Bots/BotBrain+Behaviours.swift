import Arena

extension BotBrain {
    /// Health below which a medic goes for a pickup.
    static let medicHealthThreshold: Int32 = 70

    /// Roams between random floor tiles and now and then takes a shot: at an enemy in
    /// sight once it has reacted, otherwise straight ahead.
    mutating func wander(_ sight: BotSight) -> BotInput {
        var input = BotInput(aim: sight.me.aim)
        let here = grid.tileIndex(x: sight.me.x, y: sight.me.y)
        if wanderGoal == nil || wanderGoal == here || sight.now >= wanderGoalUntil, !grid.floorTiles.isEmpty {
            wanderGoal = grid.floorTiles[random.next(below: grid.floorTiles.count)]
            wanderGoalUntil = sight.now + milliseconds(4000...9000)
        }
        if let goal = wanderGoal {
            let centre = grid.center(of: goal)
            let direction = pathDirection(sight, toX: centre.x, y: centre.y)
            input.move(towardX: direction.x, y: direction.y)
            input.aim = Aim.aim(radians: Aim.angle(dx: direction.x, dy: direction.y))
        }
        if sight.now >= nextWanderShotAt {
            nextWanderShotAt = sight.now + milliseconds(800...2500)
            if let enemy = chooseTarget(sight), canSee(sight, enemy), hasReacted(sight) {
                shoot(at: enemy, sight, into: &input)
            } else {
                input.fire = true
            }
        }
        return input
    }

    /// Closes in on the nearest enemy along walkable paths, holds the preferred range
    /// (backing off when too close, strafing when in the band) and fires once reacted.
    mutating func hunt(_ sight: BotSight) -> BotInput {
        guard let target = chooseTarget(sight) else { return wander(sight) }
        var input = BotInput(aim: sight.me.aim)
        let dx = Double(target.x - sight.me.x), dy = Double(target.y - sight.me.y)
        let distance = (dx * dx + dy * dy).squareRoot() / Double(Fixed.unitsPerTile)
        let visible = canSee(sight, target)
        let range = profile.preferredRange
        let direction: (x: Double, y: Double)
        if !visible || distance > range + 1 {
            direction = pathDirection(sight, toX: target.x, y: target.y)
        } else if distance < max(0.5, range - 1) && isOpen(sight, towardX: -dx, y: -dy) {
            let side = strafeDirection(sight, dx: dx, dy: dy)
            direction = (-dx + side.x * 0.5, -dy + side.y * 0.5)
        } else {
            direction = strafeDirection(sight, dx: dx, dy: dy)
        }
        input.move(towardX: direction.x, y: direction.y)
        if visible && hasReacted(sight) {
            shoot(at: target, sight, into: &input)
        } else {
            input.aim = Aim.aim(radians: Aim.angle(dx: dx, dy: dy))
        }
        return input
    }

    /// When hurt, heads for the active pickup with the shortest path, shooting at enemies
    /// in sight on the way; nil when healthy or no pickup can be reached (then it hunts).
    mutating func heal(_ sight: BotSight) -> BotInput? {
        guard sight.me.health < Self.medicHealthThreshold, let here = grid.tileIndex(x: sight.me.x, y: sight.me.y) else {
            return nil
        }
        var best: (tile: Int, steps: UInt16)?
        for pickup in sight.activePickups where grid.pickupTiles.indices.contains(pickup) {
            let tile = grid.pickupTiles[pickup]
            let steps = grid.flowField(to: tile)[here]
            if steps != NavigationGrid.unreachable, steps < best?.steps ?? .max { best = (tile, steps) }
        }
        guard let best else { return nil }
        var input = BotInput(aim: sight.me.aim)
        let centre = grid.center(of: best.tile)
        let direction = pathDirection(sight, toX: centre.x, y: centre.y)
        input.move(towardX: direction.x, y: direction.y)
        input.aim = Aim.aim(radians: Aim.angle(dx: direction.x, dy: direction.y))
        if let enemy = chooseTarget(sight), canSee(sight, enemy), hasReacted(sight) {
            shoot(at: enemy, sight, into: &input)
        }
        return input
    }
}
