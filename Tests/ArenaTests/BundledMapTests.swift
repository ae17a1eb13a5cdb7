import Testing
@testable import Arena

@Suite struct BundledMapTests {
    @Test func everyBundledMapLoadsThroughTheCatalog() throws {
        let catalog = try MapCatalog.load(directory: TestMaps.bundledDirectory)
        #expect(catalog.entries.map(\.fileStem) == ["arena", "duel", "warehouse"])
        #expect(catalog.map(named: "duel")?.name == "Duel")
        #expect(catalog.map(named: "Warehouse")?.width == 96)
        #expect(catalog.map(named: "nowhere") == nil)
    }

    @Test(arguments: [
        ("duel", 24, 16, 4),
        ("arena", 48, 32, 16),
        ("warehouse", 96, 64, 32),
    ])
    func bundledMapHasPlayableLayout(stem: String, width: Int, height: Int, maxPlayers: Int) throws {
        let map = try MapLoader.load(path: TestMaps.bundledDirectory + "/\(stem).map")
        #expect(map.width == width)
        #expect(map.height == height)
        #expect(map.maxPlayers == maxPlayers)
        #expect(map.spawns.count >= 4)
        #expect(map.pickups.count >= 2)
        // Interior walls, not just the border.
        let interiorWalls = (1..<height - 1).reduce(0) { count, y in
            count + (1..<width - 1).filter { map.isWall(x: $0, y: y) }.count
        }
        #expect(interiorWalls > 10)
        // A full room of players can be seated.
        var simulation = ArenaSimulation(map: map, seed: 1)
        for id in 1...maxPlayers { simulation.seat(UInt16(id), name: "p\(id)") }
        simulation.refuse(UInt16(maxPlayers + 1), name: "extra")
    }
}

