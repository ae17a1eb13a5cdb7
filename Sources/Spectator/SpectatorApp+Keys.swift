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
        if let status = scene?.replay, let command = ReplayKeys.command(for: key, status: status) {
            client?.controlReplay(command)
            return
        }
        switch key {
        case .tab, .character("r"), .character("R"): nextRoom()
        case .character("l"), .character("L"): showList(status: nil)
        case .character("p"), .character("P"): paused.toggle()
        default: scene?.steerView(key, screen: terminal.size)
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
}
