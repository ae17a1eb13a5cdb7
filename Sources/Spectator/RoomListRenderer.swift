import Wire

/// Draws the room list: one row per room with its health (and, in a cluster, its node); the
/// selected row reversed.
public enum RoomListRenderer {
    public static let helpLine = "Up/Down choose  Enter watch  q quit"
    public static let columns = "ROOM              GAME      LEVEL         PLAYERS   RATE   TICK P99  NODE"

    public static func render(_ scene: RoomListScene, width: Int, height: Int) -> CellGrid {
        guard ScreenLayout.fits(width: width, height: height) else {
            return TooSmallRenderer.render(width: width, height: height)
        }
        var grid = CellGrid(width: width, height: height)
        grid.bar("TICKWIRE SPECTATE | \(scene.server) | \(scene.rooms.count) rooms", y: 0, .header, .bold)
        if let message = scene.message { grid.put(message, x: 0, y: 1, .warning, .bold, maxWidth: width) }
        grid.put(columns, x: 0, y: 2, .normal, .bold, maxWidth: width)
        if scene.rooms.isEmpty {
            let text = scene.loaded ? "no rooms yet: waiting for players (refreshing every second)" : "connecting..."
            grid.put(text, x: 2, y: 4, .normal, .dim, maxWidth: width - 2)
        }
        // Scroll so the selection stays visible.
        let visible = max(1, height - 4)
        let first = max(0, scene.selection - visible + 1)
        for (row, index) in (first..<scene.rooms.count).prefix(visible).enumerated() {
            let selected = index == scene.selection
            grid.put(line(scene.rooms[index], selected: selected), x: 0, y: 3 + row,
                     .normal, selected ? [.reverse, .bold] : [], maxWidth: width)
        }
        grid.bar(helpLine, y: height - 1, .header)
        return grid
    }

    static func line(_ room: RoomInfo, selected: Bool) -> String {
        (selected ? "> " : "  ")
            + Formatting.pad(room.id, 16) + "  "
            + Formatting.pad(room.game, 8) + "  "
            + Formatting.pad(room.level, 12) + "  "
            + Formatting.padLeft("\(room.players)/\(room.capacity)", 7) + "  "
            + Formatting.padLeft("\(room.tickRate) Hz", 6) + "  "
            + Formatting.padLeft(Formatting.milliseconds(micros: room.tickP99Micros), 9)
            + (room.node.isEmpty ? "" : "  " + room.node)
    }
}
