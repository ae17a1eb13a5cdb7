/// Where each part of the screen goes, shared by the renderers and the key handling
/// (scrolling needs the map view's size).
public enum ScreenLayout {
    /// Smaller than this and the screens do not fit: a "too small" message instead.
    public static let minWidth = 50
    public static let minHeight = 10
    /// Scoreboard column width, right of the map.
    public static let scoreboardWidth = 28
    /// Rows above the map: header, tick health, message.
    public static let topRows = 3

    public static func fits(width: Int, height: Int) -> Bool {
        width >= minWidth && height >= minHeight
    }

    /// The map viewport: left of the scoreboard, between the top rows and the help line.
    public static func mapArea(width: Int, height: Int) -> (x: Int, y: Int, width: Int, height: Int) {
        (0, topRows, max(0, width - scoreboardWidth - 1), max(0, height - topRows - 1))
    }

    public static func scoreboardX(width: Int) -> Int { width - scoreboardWidth }
}
