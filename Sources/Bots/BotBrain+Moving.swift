import Foundation
import Arena

extension BotBrain {
    /// Direction (world units) towards a point along the shortest walkable path: the
    /// centre of the next tile on the flow field, or straight there once on its tile.
    func pathDirection(_ sight: BotSight, toX x: Int32, y: Int32) -> (x: Double, y: Double) {
        guard let here = grid.tileIndex(x: sight.me.x, y: sight.me.y),
              let goal = grid.tileIndex(x: x, y: y), here != goal,
              let next = grid.nextStep(from: here, toward: goal, in: grid.flowField(to: goal)) else {
            return (Double(x - sight.me.x), Double(y - sight.me.y))
        }
        let centre = grid.center(of: next)
        return (Double(centre.x - sight.me.x), Double(centre.y - sight.me.y))
    }

    /// Sideways to a target, flipping side at random every second or so (a moving bot is
    /// harder to hit, and the server sees varied inputs).
    mutating func strafeDirection(_ sight: BotSight, dx: Double, dy: Double) -> (x: Double, y: Double) {
        if sight.now >= strafeUntil {
            strafeSign = random.next(below: 2) == 0 ? -1 : 1
            strafeUntil = sight.now + milliseconds(600...1600)
        }
        var side = (x: -dy * strafeSign, y: dx * strafeSign)
        if !isOpen(sight, towardX: side.x, y: side.y) {
            strafeSign = -strafeSign
            side = (-side.x, -side.y)
        }
        return side
    }

    /// Whether the tile half a tile ahead in a direction is open.
    func isOpen(_ sight: BotSight, towardX dx: Double, y dy: Double) -> Bool {
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return true }
        let reach = Double(Fixed.unitsPerTile) * 0.6
        return grid.isWalkable(x: sight.me.x + Int32(dx / length * reach), y: sight.me.y + Int32(dy / length * reach))
    }

    /// A bot that has meant to move but barely moved for a while picks a random open
    /// direction for a moment (corners and other players can pin it).
    mutating func avoidGettingStuck(_ sight: BotSight, _ input: inout BotInput) {
        if sight.now < unstickUntil {
            input.move(towardX: unstickDirection.x, y: unstickDirection.y)
            return
        }
        guard sight.now >= progressCheckAt else { return }
        let moved = abs(sight.me.x - progressX) + abs(sight.me.y - progressY)
        let wantsToMove = input.moveX != 0 || input.moveY != 0
        if wantsToMove && progressCheckAt != 0 && moved < Fixed.unitsPerTile / 8 {
            for _ in 0..<8 {
                let angle = uniform(0...(2 * Double.pi))
                unstickDirection = (cos(angle), sin(angle))
                if isOpen(sight, towardX: unstickDirection.x, y: unstickDirection.y) { break }
            }
            unstickUntil = sight.now + 400
            wanderGoal = nil
        }
        progressX = sight.me.x
        progressY = sight.me.y
        progressCheckAt = sight.now + 700
    }
}
