/// Keys that move the map view: arrows scroll by hand (which stops following the
/// players), c follows them again.
extension RoomScene {
    /// Handles a view key on a screen of this size; false for any other key.
    @discardableResult
    mutating func steerView(_ key: Key, screen: (width: Int, height: Int)) -> Bool {
        switch key {
        case .character("c"), .character("C"): viewport.follow = true
        case .up: scroll(dx: 0, dy: -2, screen: screen)
        case .down: scroll(dx: 0, dy: 2, screen: screen)
        case .left: scroll(dx: -4, dy: 0, screen: screen)
        case .right: scroll(dx: 4, dy: 0, screen: screen)
        default: return false
        }
        return true
    }

    /// Scrolls from where the view is now.
    private mutating func scroll(dx: Int, dy: Int, screen: (width: Int, height: Int)) {
        let area = ScreenLayout.mapArea(width: screen.width, height: screen.height)
        let now = ViewportPlacement.place(mapWidth: mapWidth, mapHeight: mapHeight, viewWidth: area.width, viewHeight: area.height,
                                          state: viewport, focus: RoomRenderer.focus(of: world))
        viewport = ViewportState(follow: false, x: max(0, now.firstTileX) + dx, y: max(0, now.firstTileY) + dy)
    }
}
