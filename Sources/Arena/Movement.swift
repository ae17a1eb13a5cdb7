import GameCore

extension ArenaSimulation {
    /// The velocity an input asks for, in 1/256 tile per tick: each axis scaled from
    /// -127...127 to the top speed, and diagonals clamped so they are not faster.
    static func velocity(for input: PlayerInput) -> (x: Int32, y: Int32) {
        let limit = ArenaRules.maxMoveInput
        let moveX = min(max(input[ArenaInput.moveX], -limit), limit)
        let moveY = min(max(input[ArenaInput.moveY], -limit), limit)
        var vx = moveX * ArenaRules.maxSpeed / limit
        var vy = moveY * ArenaRules.maxSpeed / limit
        let lengthSquared = Int64(vx) * Int64(vx) + Int64(vy) * Int64(vy)
        let maxSquared = Int64(ArenaRules.maxSpeed) * Int64(ArenaRules.maxSpeed)
        if lengthSquared > maxSquared {
            let length = Int32(Fixed.squareRoot(lengthSquared))
            vx = vx * ArenaRules.maxSpeed / length
            vy = vy * ArenaRules.maxSpeed / length
        }
        return (vx, vy)
    }

    /// Moves a living player by its input, x then y, stopping at wall faces.
    mutating func move(playerAt index: Int, input: PlayerInput) {
        let (vx, vy) = Self.velocity(for: input)
        // In place: a copy of the player would retain and release its name.
        players[index].velocityX = vx
        players[index].velocityY = vy
        let radius = ArenaRules.playerRadius
        let x = Collision.slide(map: map, axis: .x, position: players[index].x, across: players[index].y, delta: vx, radius: radius)
        players[index].x = x
        players[index].y = Collision.slide(map: map, axis: .y, position: players[index].y, across: x, delta: vy, radius: radius)
    }
}

/// Axis-separated collision of a square box (half side `radius`) against the wall grid.
/// The box covers `[centre - radius, centre + radius)` on each axis.
enum Collision {
    enum Axis { case x, y }

    /// The new coordinate on `axis` after moving by `delta`: the box stops flush against
    /// the first wall tile it would enter. `across` is the centre on the other axis.
    static func slide(map: ArenaMap, axis: Axis, position: Int32, across: Int32, delta: Int32, radius: Int32) -> Int32 {
        guard delta != 0 else { return position }
        let firstLane = Fixed.tile(across - radius)
        let lastLane = Fixed.tile(across + radius - 1)
        func blocked(_ tile: Int) -> Bool {
            for lane in firstLane...lastLane {
                let wall = axis == .x ? map.isWall(x: tile, y: lane) : map.isWall(x: lane, y: tile)
                if wall { return true }
            }
            return false
        }
        let target = position + delta
        if delta > 0 {
            let from = Fixed.tile(position + radius - 1), to = Fixed.tile(target + radius - 1)
            if to > from {
                for tile in (from + 1)...to where blocked(tile) {
                    return Int32(tile) * Fixed.unitsPerTile - radius
                }
            }
        } else {
            let from = Fixed.tile(position - radius), to = Fixed.tile(target - radius)
            if to < from {
                for tile in stride(from: from - 1, through: to, by: -1) where blocked(tile) {
                    return Int32(tile + 1) * Fixed.unitsPerTile + radius
                }
            }
        }
        return target
    }

    /// Whether a box overlaps any wall tile (used by tests and spawn checks).
    static func overlapsWall(map: ArenaMap, x: Int32, y: Int32, radius: Int32) -> Bool {
        for row in Fixed.tile(y - radius)...Fixed.tile(y + radius - 1) {
            for column in Fixed.tile(x - radius)...Fixed.tile(x + radius - 1) where map.isWall(x: column, y: row) {
                return true
            }
        }
        return false
    }
}
