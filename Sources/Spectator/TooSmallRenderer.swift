/// What any screen shows when the terminal cannot hold it.
public enum TooSmallRenderer {
    public static func render(width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let lines = [
            "Terminal too small",
            "\(width)x\(height), need \(ScreenLayout.minWidth)x\(ScreenLayout.minHeight)",
            "resize or press q",
        ]
        let top = max(0, (height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            grid.put(line, x: max(0, (width - line.count) / 2), y: top + index, .warning, .bold, maxWidth: width)
        }
        return grid
    }
}
