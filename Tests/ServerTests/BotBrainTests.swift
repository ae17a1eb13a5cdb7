import Client
import Arena
import Bots
import GameCore
import Testing
import Wire

/// Bot decisions without a network: deterministic per seed, and they do what the profile says.
@Suite struct BotBrainTests {
    /// A 12x8 open room with walls around it and one pickup.
    static let map: TileGrid = {
        let rows = [
            "############",
            "#..........#",
            "#..........#",
            "#....+.....#",
            "#..........#",
            "#..........#",
            "#..........#",
            "############",
        ]
        return TileGrid(width: 12, height: 8, tiles: Array(rows.joined().utf8))
    }()

    static func player(_ id: UInt16, tileX: Int, tileY: Int, health: Int32 = 100) -> ArenaView.Player {
        var world = WorldState()
        let entity = world.append(id: id, kind: ArenaSchema.Kind.player)
        world.set(entity, ArenaSchema.Player.x, Fixed.center(ofTile: tileX))
        world.set(entity, ArenaSchema.Player.y, Fixed.center(ofTile: tileY))
        world.set(entity, ArenaSchema.Player.health, health)
        world.set(entity, ArenaSchema.Player.flags, ArenaSchema.Player.Flags.alive)
        return ArenaView(state: world).players[0]
    }

    static func sight(now: UInt64, me: ArenaView.Player, enemies: [ArenaView.Player], pickups: [Int] = [0]) -> BotSight {
        BotSight(now: now, tick: UInt32(now / 16), me: me, enemies: enemies, activePickups: pickups)
    }

    /// A world with these players (alive unless listed dead) and the first pickup active.
    static func view(tick: UInt32, players: [(id: UInt16, tileX: Int)], dead: Set<UInt16> = []) -> ArenaView {
        var world = WorldState(tick: tick)
        for player in players {
            let entity = world.append(id: player.id, kind: ArenaSchema.Kind.player)
            world.set(entity, ArenaSchema.Player.x, Fixed.center(ofTile: player.tileX))
            world.set(entity, ArenaSchema.Player.y, Fixed.center(ofTile: 2))
            world.set(entity, ArenaSchema.Player.health, 100)
            world.set(entity, ArenaSchema.Player.flags, dead.contains(player.id) ? 0 : ArenaSchema.Player.Flags.alive)
        }
        let pickup = world.append(id: ArenaRules.firstPickupID, kind: ArenaSchema.Kind.pickup)
        world.set(pickup, ArenaSchema.Pickup.active, 1)
        return ArenaView(state: world)
    }

    @Test func aSightUpdatedInPlaceEqualsAFreshOne() throws {
        let first = Self.view(tick: 10, players: [(1, 2), (2, 5), (3, 7)])
        let second = Self.view(tick: 12, players: [(1, 3), (3, 8), (4, 9)], dead: [4])
        var sight = try #require(BotSight(view: first, playerID: 1, now: 100))
        #expect(sight.enemies.map(\.id) == [2, 3])
        let updated = sight.update(view: second, playerID: 1, now: 133)
        #expect(updated)
        let fresh = try #require(BotSight(view: second, playerID: 1, now: 133))
        #expect(sight.tick == fresh.tick && sight.now == fresh.now && sight.me == fresh.me)
        #expect(sight.enemies == fresh.enemies)
        #expect(sight.enemies.map(\.id) == [3], "the dead player is not an enemy to chase")
        #expect(sight.activePickups == fresh.activePickups)
        let missing = sight.update(view: second, playerID: 2, now: 166)
        #expect(!missing, "player 2 is not in the second view")
        #expect(sight.tick == 12, "a failed update leaves the sight as it was")
    }

    @Test func theSameSeedAndSightsGiveTheSameInputs() {
        let grid = NavigationGrid(grid: Self.map)
        let profile = BotProfile(behaviour: .hunter, reactionMilliseconds: 100, aimErrorDegrees: 10)
        var first = BotBrain(profile: profile, grid: grid, seed: 99)
        var second = BotBrain(profile: profile, grid: grid, seed: 99)
        var other = BotBrain(profile: profile, grid: grid, seed: 100)
        var same = true, differs = false
        for step in 0..<60 {
            let sight = Self.sight(now: UInt64(step * 33), me: Self.player(1, tileX: 2, tileY: 2),
                                   enemies: [Self.player(2, tileX: 9, tileY: 5)])
            let a = first.decide(sight), b = second.decide(sight), c = other.decide(sight)
            same = same && a == b
            differs = differs || a != c
        }
        #expect(same)
        #expect(differs, "another seed should aim differently")
    }

    @Test func aHunterWaitsForItsReactionThenFiresWithinItsAimError() {
        let grid = NavigationGrid(grid: Self.map)
        var brain = BotBrain(profile: BotProfile(behaviour: .hunter, reactionMilliseconds: 200, aimErrorDegrees: 5,
                                                 preferredRange: 3), grid: grid, seed: 1)
        let me = Self.player(1, tileX: 2, tileY: 2), enemy = Self.player(2, tileX: 8, tileY: 2)  // due east
        let early = brain.decide(Self.sight(now: 1000, me: me, enemies: [enemy]))
        #expect(!early.fire, "no shot before the reaction delay")
        let later = brain.decide(Self.sight(now: 1250, me: me, enemies: [enemy]))
        #expect(later.fire)
        let degrees = Double(Int16(bitPattern: later.aim)) * 360 / 65536
        #expect(abs(degrees) <= 5.1, "aimed \(degrees)° off east")
        #expect(later.moveX > 0, "closes in from 6 tiles to its preferred 3")
    }

    @Test func aHurtMedicHeadsForTheActivePickup() {
        let grid = NavigationGrid(grid: Self.map)
        var brain = BotBrain(profile: BotProfile(behaviour: .medic), grid: grid, seed: 1)
        // Pickup at (5,3); the medic at (9,6) with an enemy far west.
        let me = Self.player(1, tileX: 9, tileY: 6, health: 30)
        let input = brain.decide(Self.sight(now: 0, me: me, enemies: [Self.player(2, tileX: 1, tileY: 1)]))
        #expect(input.moveX < 0 && input.moveY < 0, "moves up-left towards the pickup: \(input)")
        var healthy = BotBrain(profile: BotProfile(behaviour: .medic), grid: grid, seed: 1)
        let hunting = healthy.decide(Self.sight(now: 0, me: Self.player(1, tileX: 9, tileY: 6),
                                                enemies: [Self.player(2, tileX: 9, tileY: 1)]))
        #expect(hunting.moveY < 0 || hunting.moveX != 0, "a healthy medic hunts")
    }

    @Test func aWandererAvoidsWalls() {
        let grid = NavigationGrid(grid: Self.map)
        var brain = BotBrain(profile: BotProfile(behaviour: .wanderer), grid: grid, seed: 3)
        var x = Fixed.center(ofTile: 1), y = Fixed.center(ofTile: 1)
        // Follow its own inputs on a toy integrator for 20 s: it never walks into a wall tile.
        for step in 0..<600 {
            var me = Self.player(1, tileX: 1, tileY: 1)
            me.x = x; me.y = y
            let input = brain.decide(Self.sight(now: UInt64(step * 33), me: me, enemies: []))
            let nextX = x + Int32(input.moveX) * ArenaRules.maxSpeed / 127
            let nextY = y + Int32(input.moveY) * ArenaRules.maxSpeed / 127
            if Self.isFloor(nextX, y) { x = nextX }
            if Self.isFloor(x, nextY) { y = nextY }
        }
        #expect(x != Fixed.center(ofTile: 1) || y != Fixed.center(ofTile: 1), "it roamed")
    }

    static func isFloor(_ x: Int32, _ y: Int32) -> Bool {
        let tile = map.tiles[Fixed.tile(y) * 12 + Fixed.tile(x)]
        return tile != UInt8(ascii: "#")
    }

    @Test(arguments: [
        ("ws://127.0.0.1:7777", "127.0.0.1", 7777, "/"),
        ("ws://localhost:9000/play", "127.0.0.1", 9000, "/play"),
        ("ws://[::1]:8080/", "::1", 8080, "/"),
        ("ws://example.org", "example.org", 80, "/"),
        ("wss://game.example", "game.example", 443, "/"),
        ("wss://localhost:7777/", "localhost", 7777, "/"),
    ])
    func urlsParse(text: String, host: String, port: Int, path: String) throws {
        let url = try WebSocketURL(parsing: text)
        #expect(url.host == host && url.port == port && url.path == path)
        #expect(url.isSecure == text.hasPrefix("wss:"))
    }

    @Test(arguments: ["http://127.0.0.1:7777", "https://127.0.0.1:7777", "ws://:7777", "ws://127.0.0.1:99999", "127.0.0.1:7777"])
    func badURLsAreRefused(text: String) {
        #expect(throws: WebSocketURL.ParseError.self) { try WebSocketURL(parsing: text) }
    }
}
