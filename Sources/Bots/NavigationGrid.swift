import GameCore
import Arena
import Wire

/// The walls of a room's map as a bot knows them (from the welcome's tiles), with the
/// questions bots ask: can I stand here, can I see (and shoot) from here to there, and
/// which way leads to a tile. One grid per map is shared by every bot on it.
public final class NavigationGrid {
    public let width: Int
    public let height: Int
    /// Row-major; true where a player can stand.
    let walkable: [Bool]
    /// Tile index of each `+` tile, in map order (pickup `i` sits at `pickupTiles[i]`).
    public let pickupTiles: [Int]
    /// Every walkable tile, for wanderers picking destinations.
    let floorTiles: [Int]
    private var flowFields: [Int: [UInt16]] = [:]
    /// Flow fields kept at most; big maps with many targets would otherwise grow without bound.
    private let flowFieldLimit = 2048

    public init(grid: TileGrid) {
        width = grid.width
        height = grid.height
        let tiles = grid.tiles
        let walkable = tiles.map { $0 != UInt8(ascii: "#") }
        self.walkable = walkable
        pickupTiles = tiles.indices.filter { tiles[$0] == UInt8(ascii: "+") }
        floorTiles = walkable.indices.filter { walkable[$0] }
    }

    static let unreachable = UInt16.max

    // MARK: Tiles and positions

    func tileIndex(x: Int32, y: Int32) -> Int? {
        let column = Fixed.tile(x), row = Fixed.tile(y)
        guard column >= 0, row >= 0, column < width, row < height else { return nil }
        return row * width + column
    }

    func isWalkable(column: Int, row: Int) -> Bool {
        column >= 0 && row >= 0 && column < width && row < height && walkable[row * width + column]
    }

    func isWalkable(x: Int32, y: Int32) -> Bool {
        tileIndex(x: x, y: y).map { walkable[$0] } ?? false
    }

    /// Centre of a tile, in world units.
    func center(of tile: Int) -> (x: Int32, y: Int32) {
        (Fixed.center(ofTile: tile % width), Fixed.center(ofTile: tile / width))
    }

    /// Whether a straight shot from one point to another meets no wall (sampled every
    /// quarter tile, finer than a projectile's sub-step would matter for a bot).
    func hasLineOfSight(fromX: Int32, fromY: Int32, toX: Int32, toY: Int32) -> Bool {
        let dx = Double(toX - fromX), dy = Double(toY - fromY)
        let steps = max(1, Int((dx * dx + dy * dy).squareRoot() / 64))
        for step in 1...steps {
            let t = Double(step) / Double(steps)
            if !isWalkable(x: fromX + Int32(dx * t), y: fromY + Int32(dy * t)) { return false }
        }
        return true
    }

    // MARK: Paths

    /// Steps from every tile to `target` (breadth-first, 8 directions, no cutting wall
    /// corners), cached per target: bots chasing the same tile share one search.
    func flowField(to target: Int) -> [UInt16] {
        if let field = flowFields[target] { return field }
        if flowFields.count >= flowFieldLimit { flowFields.removeAll(keepingCapacity: true) }
        var distance = [UInt16](repeating: Self.unreachable, count: walkable.count)
        guard walkable.indices.contains(target), walkable[target] else {
            flowFields[target] = distance
            return distance
        }
        var queue = [target]
        queue.reserveCapacity(floorTiles.count)
        distance[target] = 0
        var head = 0
        while head < queue.count {
            let tile = queue[head]
            head += 1
            forEachNeighbour(of: tile) { next in
                if distance[next] == Self.unreachable {
                    distance[next] = distance[tile] + 1
                    queue.append(next)
                }
            }
        }
        flowFields[target] = distance
        return distance
    }

    /// The neighbours a player can move to from `tile`: 4 sides, and diagonals whose two
    /// adjacent sides are both open (so a bot never tries to squeeze past a corner).
    func forEachNeighbour(of tile: Int, _ body: (Int) -> Void) {
        let column = tile % width, row = tile / width
        for (dx, dy) in Self.directions {
            guard isWalkable(column: column + dx, row: row + dy) else { continue }
            if dx != 0 && dy != 0 {
                guard isWalkable(column: column + dx, row: row), isWalkable(column: column, row: row + dy) else { continue }
            }
            body((row + dy) * width + column + dx)
        }
    }

    private static let directions = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)]

    /// The next tile on a shortest path from `tile` towards `goal` (whose flow field is
    /// `field`), or nil when already there or the goal cannot be reached. Among equally
    /// short steps it takes the one nearest the goal in a straight line, so paths look direct.
    func nextStep(from tile: Int, toward goal: Int, in field: [UInt16]) -> Int? {
        guard field[tile] != Self.unreachable, field[tile] > 0 else { return nil }
        var best: Int?
        var bestDistance = field[tile]
        var bestStraight = Int.max
        let goalColumn = goal % width, goalRow = goal / width
        forEachNeighbour(of: tile) { next in
            let dx = next % width - goalColumn, dy = next / width - goalRow
            let straight = dx * dx + dy * dy
            if field[next] < bestDistance || (field[next] == bestDistance && best != nil && straight < bestStraight) {
                best = next
                bestDistance = field[next]
                bestStraight = straight
            }
        }
        return best
    }
}
