import Arena

/// The scoreboard column: one row per player, best score first, with the ping the server
/// measured for each player's connection ("—" until measured).
enum Scoreboard {
    static let title = "  " + columns(name: "NAME", score: "SCORE", health: "HP", ping: "PING")

    /// name 10, score 5, health 4, ping 4: 26 columns after the glyph and a space.
    static func columns(name: String, score: String, health: String, ping: String) -> String {
        Formatting.pad(name, 10) + " " + Formatting.padLeft(score, 5) + " "
            + Formatting.padLeft(health, 4) + " " + Formatting.padLeft(ping, 4)
    }

    static func draw(_ scene: RoomScene, into grid: inout CellGrid, x: Int, y: Int) {
        grid.put(title, x: x, y: y, .normal, .bold)
        guard scene.isArena else { return drawRoster(scene, into: &grid, x: x, y: y) }
        let players = (scene.world?.players ?? []).sorted { ($0.score, $1.id) > ($1.score, $0.id) }
        if players.isEmpty {
            grid.put("no players", x: x + 2, y: y + 1, .normal, .dim)
            return
        }
        for (index, player) in players.enumerated() {
            let line = y + 1 + index
            guard line < grid.height - 1 else { break }
            let style: CellAttributes = player.alive ? [] : .dim
            grid[x, line] = Cell(PlayerGlyph.arrow(aim: player.aim), .player(player.id), player.alive ? .bold : .dim)
            let health = player.alive ? "\(player.health)" : "dead"
            let text = columns(name: scene.name(of: player.id), score: "\(player.score)", health: health,
                               ping: scene.ping(of: player.id).map { "\($0)" } ?? "—")
            grid.put(text, x: x + 2, y: line, .player(player.id), style, maxWidth: ScreenLayout.scoreboardWidth - 2)
        }
    }

    /// Games other than Arena: names and pings from the roster (scores are the game's own).
    static func drawRoster(_ scene: RoomScene, into grid: inout CellGrid, x: Int, y: Int) {
        if scene.roster.isEmpty { grid.put("no players", x: x + 2, y: y + 1, .normal, .dim) }
        for (index, entry) in scene.roster.enumerated() {
            let line = y + 1 + index
            guard line < grid.height - 1 else { break }
            let glyph = scene.entities.first { $0.id == entry.id }?.glyph ?? "@"
            grid[x, line] = Cell(glyph, .player(entry.id), .bold)
            let text = columns(name: entry.name, score: "", health: "", ping: entry.pingMilliseconds.map { "\($0)" } ?? "—")
            grid.put(text, x: x + 2, y: line, .player(entry.id), [], maxWidth: ScreenLayout.scoreboardWidth - 2)
        }
    }
}
