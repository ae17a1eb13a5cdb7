/// Keys: q quits anywhere; the list takes arrows and Enter; a room takes r/Tab (next
/// room), l (list), p (pause), arrows (scroll a large map) and c (follow the players).
extension SpectatorApp {
    func handle(_ key: Key) {
        if key == .character("q") || key == .character("Q") {
            quit()
            return
        }
        switch mode {
        case .list: handleListKey(key)
        case .watching: handleRoomKey(key)
        }
    }

    private func handleListKey(_ key: Key) {
        switch key {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(max(0, rooms.count - 1), selection + 1)
        case .enter where selection < rooms.count: watch(rooms[selection].id)
        default: break
        }
    }

    private func handleRoomKey(_ key: Key) {
        switch key {
        case .tab, .character("r"), .character("R"): nextRoom()
        case .character("l"), .character("L"): showList(status: nil)
        case .character("p"), .character("P"): paused.toggle()
        case .character("c"), .character("C"): scene?.viewport.follow = true
        case .up: scroll(dx: 0, dy: -2)
        case .down: scroll(dx: 0, dy: 2)
        case .left: scroll(dx: -4, dy: 0)
        case .right: scroll(dx: 4, dy: 0)
        default: break
        }
    }

    private func nextRoom() {
        guard let current = scene?.roomID else { return }
        let others = rooms.filter { $0.id != current }
        guard !others.isEmpty else {
            status = "no other room to switch to"
            return
        }
        // The first room after the current one in id order, wrapping around.
        let next = others.first { $0.id > current } ?? others[0]
        watch(next.id)
    }

    /// Scrolls by hand from where the view is now (which stops following the players).
    private func scroll(dx: Int, dy: Int) {
        guard let scene else { return }
        let size = terminal.size
        let area = ScreenLayout.mapArea(width: size.width, height: size.height)
        let now = ViewportPlacement.place(mapWidth: scene.mapWidth, mapHeight: scene.mapHeight,
                                          viewWidth: area.width, viewHeight: area.height,
                                          state: scene.viewport, focus: RoomRenderer.focus(of: scene.world))
        self.scene?.viewport = ViewportState(follow: false, x: max(0, now.firstTileX) + dx, y: max(0, now.firstTileY) + dy)
    }
}
