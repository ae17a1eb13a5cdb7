import Arena

/// Draws the room screen: header and tick health, the map with players, projectiles and
/// pickups, the scoreboard, and the help line. Pure: same scene and size, same cells.
public enum RoomRenderer {
    public static let helpLine = "r/Tab next room  l room list  p pause  arrows scroll  c follow  q quit"

    public static func render(_ scene: RoomScene, width: Int, height: Int) -> CellGrid {
        guard ScreenLayout.fits(width: width, height: height) else {
            return TooSmallRenderer.render(width: width, height: height)
        }
        var grid = CellGrid(width: width, height: height)
        drawHeader(scene, into: &grid)
        drawMap(scene, into: &grid)
        Scoreboard.draw(scene, into: &grid, x: ScreenLayout.scoreboardX(width: width), y: ScreenLayout.topRows)
        grid.bar(scene.replay == nil ? helpLine : scene.replayHelpLine, y: height - 1, .header)
        return grid
    }

    static func drawHeader(_ scene: RoomScene, into grid: inout CellGrid) {
        let players = scene.info.map { "\($0.players)/\($0.capacity)" } ?? "\(scene.world?.players.count ?? 0)/?"
        let place = scene.isArena ? "map \(scene.mapName)" : "\(scene.game) \(scene.mapName)"
        var title = "ROOM \(scene.roomID) | \(place) | players \(players) | \(scene.tickRate) Hz"
        if scene.paused { title += " | PAUSED" }
        grid.bar(title, y: 0, .header, .bold)
        if let replay = scene.replay {
            grid.put("REPLAY " + ReplayKeys.describe(replay), x: 0, y: 1, .message, .bold, maxWidth: grid.width)
            if let message = scene.message { grid.put(message, x: 0, y: 2, .warning, .bold, maxWidth: grid.width) }
            return
        }
        let budget = scene.tickRate > 0 ? 1_000_000 / UInt32(scene.tickRate) : 0
        // "tick p99 1.25/16.67 ms": the room's p99 tick time against its tick budget.
        let p99 = scene.info.map { Formatting.decimal(Double($0.tickP99Micros) / 1000, places: 2) } ?? "—"
        // The room's late ticks and its total outbound bandwidth come with the room list.
        let late = scene.info.map { "\($0.lateTicks)" } ?? "—"
        let bandwidth = scene.info.map { Int($0.bytesPerSecond) } ?? scene.bytesPerSecond
        let health = "tick p99 \(p99)/\(Formatting.milliseconds(micros: budget)) | late \(late)"
            + " | out \(Formatting.bytesPerSecond(bandwidth))"
            + " | rtt \(Formatting.milliseconds(scene.rttMilliseconds))"
            + " | tick \(scene.world?.tick ?? 0)"
        grid.put(health, x: 0, y: 1, maxWidth: grid.width)
        if let message = scene.message { grid.put(message, x: 0, y: 2, .warning, .bold, maxWidth: grid.width) }
    }

    static func drawMap(_ scene: RoomScene, into grid: inout CellGrid) {
        let area = ScreenLayout.mapArea(width: grid.width, height: grid.height)
        let placement = ViewportPlacement.place(
            mapWidth: scene.mapWidth, mapHeight: scene.mapHeight, viewWidth: area.width, viewHeight: area.height,
            state: scene.viewport, focus: focus(of: scene.world))
        // Screen position of a map tile, nil when scrolled out of the viewport.
        func screen(_ tileX: Int, _ tileY: Int) -> (x: Int, y: Int)? {
            let column = tileX - placement.firstTileX
            let row = tileY - placement.firstTileY
            guard column >= 0, row >= 0, column < area.width, row < area.height else { return nil }
            return (area.x + column, area.y + row)
        }
        for tileY in 0..<scene.mapHeight {
            for tileX in 0..<scene.mapWidth {
                guard let at = screen(tileX, tileY) else { continue }
                grid[at.x, at.y] = scene.tile(x: tileX, y: tileY) == UInt8(ascii: "#")
                    ? Cell("#", .wall) : Cell(".", .floor, .dim)
            }
        }
        for entity in scene.entities {
            guard let at = screen(entity.column, entity.row) else { continue }
            let isPlayer = scene.roster.contains { $0.id == entity.id }
            grid[at.x, at.y] = isPlayer ? Cell(entity.glyph, .player(entity.id), .bold) : Cell(entity.glyph, .projectile, .bold)
        }
        guard let world = scene.world else { return }
        let pickupTiles = scene.pickupTiles
        for pickup in world.pickups where pickup.active && pickup.index >= 0 && pickup.index < pickupTiles.count {
            let tile = pickupTiles[pickup.index]
            if let at = screen(tile.x, tile.y) { grid[at.x, at.y] = Cell("+", .pickup, .bold) }
        }
        for projectile in world.projectiles {
            if let at = screen(PlayerGlyph.tile(projectile.x), PlayerGlyph.tile(projectile.y)) {
                grid[at.x, at.y] = Cell("*", .projectile, .bold)
            }
        }
        // The living are drawn last so a corpse never hides them.
        for player in world.players.sorted(by: { !$0.alive && $1.alive }) {
            guard let at = screen(PlayerGlyph.tile(player.x), PlayerGlyph.tile(player.y)) else { continue }
            grid[at.x, at.y] = Cell(PlayerGlyph.arrow(aim: player.aim), .player(player.id), player.alive ? .bold : .dim)
        }
    }

    /// The tile at the centroid of living players, which a large map follows.
    static func focus(of world: ArenaView?) -> (x: Int, y: Int)? {
        guard let alive = world?.players.filter(\.alive), !alive.isEmpty else { return nil }
        let x = alive.reduce(0) { $0 + Int($1.x) } / alive.count
        let y = alive.reduce(0) { $0 + Int($1.y) } / alive.count
        return (x >> 8, y >> 8)
    }
}
