/// How the map is placed when it does not fit: following the players, or scrolled by hand.
public struct ViewportState: Sendable, Equatable {
    /// Follow the centroid of living players (until the admin scrolls).
    public var follow: Bool
    /// Top-left map tile shown when not following.
    public var x: Int
    public var y: Int

    public init(follow: Bool = true, x: Int = 0, y: Int = 0) {
        self.follow = follow
        self.x = x
        self.y = y
    }
}

/// Where the map's tile (0, 0) lands in the viewport, in columns and rows: negative
/// origins mean the map is scrolled; positive offsets mean it is centred.
public struct ViewportPlacement: Sendable, Equatable {
    /// Map tile shown at viewport column 0 / row 0 (negative: blank margin before the map).
    public var firstTileX: Int
    public var firstTileY: Int

    /// Centres each axis that fits; otherwise shows the window around `focus` (or the
    /// manual scroll), clamped so no space is wasted past the map's edge.
    public static func place(mapWidth: Int, mapHeight: Int, viewWidth: Int, viewHeight: Int,
                             state: ViewportState, focus: (x: Int, y: Int)?) -> ViewportPlacement {
        func axis(map: Int, view: Int, manual: Int, focus: Int?) -> Int {
            if map <= view { return -((view - map) / 2) }
            let wanted = state.follow ? (focus.map { $0 - view / 2 } ?? (map - view) / 2) : manual
            return min(max(wanted, 0), map - view)
        }
        return ViewportPlacement(
            firstTileX: axis(map: mapWidth, view: viewWidth, manual: state.x, focus: focus?.x),
            firstTileY: axis(map: mapHeight, view: viewHeight, manual: state.y, focus: focus?.y))
    }
}
