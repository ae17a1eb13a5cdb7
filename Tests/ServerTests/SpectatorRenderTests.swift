import Arena
import Client
import GameCore
import Spectator
import Testing
import Wire

/// Issue 7, "must show" 1: the pure renderer gives the expected cells for a known state.
@Suite struct SpectatorRenderTests {
    static let map = [
        "#######",
        "#S...+#",
        "#.....#",
        "#...S.#",
        "#######",
    ]

    /// Two players (alice aiming east at tile 1,1; bob aiming south at 4,3, dead), a
    /// projectile at 3,2 and the one pickup (tile 5,1) active.
    static func scene() -> RoomScene {
        var state = WorldState(tick: 1234)
        func player(_ id: UInt16, tileX: Int32, tileY: Int32, aim: Int32, health: Int32, score: Int32, alive: Bool) {
            let e = state.append(id: id, kind: ArenaSchema.Kind.player)
            state.set(e, ArenaSchema.Player.x, tileX * 256 + 128)
            state.set(e, ArenaSchema.Player.y, tileY * 256 + 128)
            state.set(e, ArenaSchema.Player.aim, aim)
            state.set(e, ArenaSchema.Player.health, health)
            state.set(e, ArenaSchema.Player.score, score)
            state.set(e, ArenaSchema.Player.flags, alive ? ArenaSchema.Player.Flags.alive : 0)
        }
        player(1, tileX: 1, tileY: 1, aim: 0, health: 75, score: 3, alive: true)
        player(2, tileX: 4, tileY: 3, aim: 16384, health: 0, score: 1, alive: false)
        let shot = state.append(id: 1024, kind: ArenaSchema.Kind.projectile)
        // Launched 2 ticks ago at 3,2 minus two moves east (85/256 tile each): now at 3,2.
        state.set(shot, ArenaSchema.Projectile.originX, 3 * 256 + 40 - 2 * 85)
        state.set(shot, ArenaSchema.Projectile.originY, 2 * 256 + 200)
        state.set(shot, ArenaSchema.Projectile.aim, 0)
        state.set(shot, ArenaSchema.Projectile.launchTick, 1232)
        state.set(shot, ArenaSchema.Projectile.owner, 1)
        let pickup = state.append(id: ArenaRules.firstPickupID, kind: ArenaSchema.Kind.pickup)
        state.set(pickup, ArenaSchema.Pickup.active, 1)
        return RoomScene(
            mapWidth: 7, mapHeight: 5, tiles: Array(map.joined().utf8), roomID: "duel-1", mapName: "duel", tickRate: 60,
            world: ArenaView(state: state), roster: [RosterEntry(id: 1, name: "alice", pingMilliseconds: 12), RosterEntry(id: 2, name: "bob")],
            info: RoomInfo(id: "duel-1", game: "arena", level: "duel", players: 2, capacity: 4, tick: 1234, tickRate: 60, tickP99Micros: 1250,
                           lateTicks: 3, bytesPerSecond: 18_000),
            bytesPerSecond: 2400, rttMilliseconds: 0.8)
    }

    // 60x12: map area is 31x8 from row 3, so the 7x5 map is centred with tile (0,0) at (12,4).
    static let origin = (x: 12, y: 4)

    @Test func mapTilesAreDrawnCentred() {
        let grid = RoomRenderer.render(Self.scene(), width: 60, height: 12)
        #expect(grid.text(row: Self.origin.y).dropFirst(Self.origin.x).prefix(7) == "#######")
        #expect(grid[Self.origin.x, Self.origin.y].color == .wall)
        #expect(grid[Self.origin.x + 2, Self.origin.y + 2].character == ".")  // floor
        #expect(grid[Self.origin.x + 1, Self.origin.y + 3].character == ".")  // spawn tile drawn as floor
        #expect(grid[Self.origin.x - 1, Self.origin.y].character == " ")      // margin left of the map
    }

    @Test func playersShowFacingColourAndDeath() {
        let grid = RoomRenderer.render(Self.scene(), width: 60, height: 12)
        let alice = grid[Self.origin.x + 1, Self.origin.y + 1]
        #expect(alice == Cell(">", .player(1), .bold))
        let bob = grid[Self.origin.x + 4, Self.origin.y + 3]
        #expect(bob == Cell("v", .player(2), .dim))
        #expect(CellColor.player(1) != CellColor.player(2))
    }

    @Test func projectileAndActivePickup() {
        let grid = RoomRenderer.render(Self.scene(), width: 60, height: 12)
        #expect(grid[Self.origin.x + 3, Self.origin.y + 2] == Cell("*", .projectile, .bold))
        #expect(grid[Self.origin.x + 5, Self.origin.y + 1] == Cell("+", .pickup, .bold))
        // Taken pickups are plain floor.
        var scene = Self.scene()
        scene.world?.pickups[0].active = false
        #expect(RoomRenderer.render(scene, width: 60, height: 12)[Self.origin.x + 5, Self.origin.y + 1].character == ".")
    }

    @Test func headerShowsRoomAndTickHealth() {
        var scene = Self.scene()
        scene.paused = true
        let grid = RoomRenderer.render(scene, width: 60, height: 12)
        #expect(grid.text(row: 0).hasPrefix("ROOM duel-1 | map duel | players 2/4 | 60 Hz | PAUSED"))
        #expect(grid[0, 0].color == .header)
        let wide = RoomRenderer.render(scene, width: 80, height: 12)
        #expect(wide.text(row: 1).hasPrefix("tick p99 1.25/16.67 ms | late 3 | out 18.0 kB/s | rtt 0.8 ms | tick 1234"))
        // A narrower terminal cuts the line at its edge.
        #expect(grid.text(row: 1) == "tick p99 1.25/16.67 ms | late 3 | out 18.0 kB/s | rtt 0.8 ms")
        // Before the room list arrives, the spectator's own received rate stands in.
        scene.info = nil
        let early = RoomRenderer.render(scene, width: 60, height: 12)
        #expect(early.text(row: 1).hasPrefix("tick p99 —/16.67 ms | late — | out 2.4 kB/s"))
        #expect(grid.text(row: 11).hasPrefix("r/Tab next room  l room list  p pause"))
    }

    @Test func scoreboardListsPlayersBestFirst() {
        let grid = RoomRenderer.render(Self.scene(), width: 60, height: 12)
        let x = 60 - 28
        #expect(grid.text(row: 3).dropFirst(x) == "  NAME       SCORE   HP PING")
        #expect(grid.text(row: 4).dropFirst(x) == "> alice          3   75   12")
        #expect(grid.text(row: 5).dropFirst(x) == "v bob            1 dead    —")
        #expect(grid[x + 2, 4].color == .player(1))
        #expect(grid[x + 2, 5].attributes == .dim)
    }

    @Test func largeMapFollowsThePlayersAndScrollsByHand() {
        // 100 columns of floor, one player near the right edge: the view follows to the edge.
        let width = 100, height = 5
        var tiles = [UInt8](repeating: UInt8(ascii: "."), count: width * height)
        tiles[2 * width + 95] = UInt8(ascii: "#")
        var state = WorldState(tick: 1)
        let p = state.append(id: 1, kind: ArenaSchema.Kind.player)
        state.set(p, ArenaSchema.Player.x, 96 * 256)
        state.set(p, ArenaSchema.Player.y, 2 * 256)
        state.set(p, ArenaSchema.Player.flags, ArenaSchema.Player.Flags.alive)
        var scene = RoomScene(mapWidth: width, mapHeight: height, tiles: tiles, roomID: "big", mapName: "big",
                              tickRate: 60, world: ArenaView(state: state))
        // 60 wide: map view is 31 columns, so the last 31 map columns (69...99) show.
        var grid = RoomRenderer.render(scene, width: 60, height: 12)
        let row = 3 + 1 + 2  // map rows centred: (8 - 5) / 2 = 1 blank row
        #expect(grid[95 - 69, row].character == "#")
        #expect(grid[96 - 69, row].character == ">")
        scene.viewport = ViewportState(follow: false, x: 0, y: 0)
        grid = RoomRenderer.render(scene, width: 60, height: 12)
        #expect(!grid.text(row: row).contains(">"))
    }

    @Test func roomListShowsEachRoomWithHealth() {
        let rooms = [
            RoomInfo(id: "arena-1", game: "arena", level: "arena", players: 3, capacity: 16, tick: 10, tickRate: 60, tickP99Micros: 420),
            RoomInfo(id: "duel-2", game: "arena", level: "duel", players: 2, capacity: 4, tick: 10, tickRate: 30, tickP99Micros: 90,
                     node: "node-b"),
        ]
        let grid = RoomListRenderer.render(RoomListScene(server: "ws://127.0.0.1:7777", rooms: rooms, selection: 1,
                                                          message: "room x closed"), width: 80, height: 12)
        #expect(grid.text(row: 0).hasPrefix("TICKWIRE SPECTATE | ws://127.0.0.1:7777 | 2 rooms"))
        #expect(grid.text(row: 1).hasPrefix("room x closed"))
        #expect(grid.text(row: 2).hasPrefix("ROOM"))
        #expect(grid.text(row: 3).hasPrefix("  arena-1           arena     arena            3/16   60 Hz    0.42 ms"))
        #expect(grid.text(row: 4).hasPrefix("> duel-2            arena     duel              2/4   30 Hz    0.09 ms  node-b"))
        #expect(grid[2, 4].attributes.contains(.reverse))
        #expect(!grid[2, 3].attributes.contains(.reverse))
        #expect(grid.text(row: 11).hasPrefix("Up/Down choose  Enter watch  q quit"))
    }

    @Test func emptyRoomListSaysSo() {
        let grid = RoomListRenderer.render(RoomListScene(server: "ws://h:1"), width: 70, height: 12)
        #expect(grid.text.contains("no rooms yet"))
    }

    @Test func tooSmallTerminalSaysSoOnEveryScreen() {
        let room = RoomRenderer.render(Self.scene(), width: 30, height: 8)
        #expect(room.width == 30 && room.height == 8)
        #expect(room.text.contains("Terminal too small"))
        #expect(room.text.contains("30x8, need 50x10"))
        #expect(!room.text.contains("#"))
        let list = RoomListRenderer.render(RoomListScene(server: "ws://h:1"), width: 49, height: 20)
        #expect(list.text.contains("Terminal too small"))
    }

    @Test func facingArrowsCoverEachQuarterTurn() {
        #expect(PlayerGlyph.arrow(aim: 0) == ">")
        #expect(PlayerGlyph.arrow(aim: 65535) == ">")
        #expect(PlayerGlyph.arrow(aim: 16384) == "v")
        #expect(PlayerGlyph.arrow(aim: 32768) == "<")
        #expect(PlayerGlyph.arrow(aim: 49152) == "^")
        #expect(PlayerGlyph.arrow(aim: 8191) == ">" && PlayerGlyph.arrow(aim: 8192) == "v")
    }

    @Test func serverURLsParse() throws {
        func parse(_ text: String) throws -> WebSocketURL { try WebSocketURL(parsing: text, plainPort: 7777) }
        #expect(try parse("ws://127.0.0.1:7777") == WebSocketURL(host: "127.0.0.1", port: 7777))
        #expect(try parse("ws://example.org/game") == WebSocketURL(host: "example.org", port: 7777, path: "/game"))
        #expect(try parse("wss://h:1") == WebSocketURL(host: "h", port: 1, isSecure: true))
        #expect((try? parse("http://h:1")) == nil)
        let v6 = try parse("ws://[::1]:7000/x")
        #expect(v6 == WebSocketURL(host: "::1", port: 7000, path: "/x"))
        #expect(v6.description == "ws://[::1]:7000/x")
        #expect(try parse("wss://[::1]") == WebSocketURL(host: "::1", port: 443, isSecure: true))
        #expect((try? parse("ws://[::1")) == nil)
        #expect((try? parse("ws://h:99999")) == nil)
    }
}
