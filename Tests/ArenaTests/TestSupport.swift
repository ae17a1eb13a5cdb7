import GameCore
import Testing
@testable import Arena

/// Small maps and helpers shared by the Arena tests.
enum TestMaps {
    /// The repository's `maps/` directory, found from this file's path.
    static var bundledDirectory: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3) // TestSupport.swift, ArenaTests, Tests
        return parts.joined(separator: "/") + "/maps"
    }

    static func parse(_ text: String, path: String = "test.map") -> ArenaMap {
        do {
            return try MapLoader.parse(text: text, path: path)
        } catch {
            fatalError("test map does not parse: \(error)")
        }
    }

    /// A closed room with spawns in two corners and no pickups: for movement and combat.
    static let range = parse("""
        name: Range
        max-players: 4

        ############
        #S........S#
        #..........#
        #..........#
        ############
        """)

    /// A long hall, wider than a projectile flies in its lifetime.
    static let hall = parse("""
        name: Hall
        max-players: 2

        ##########################################
        #S......................................S#
        #........................................#
        ##########################################
        """)

    /// A room with one pickup at column 5, row 2.
    static let clinic = parse("""
        name: Clinic
        max-players: 2

        ##########
        #S......S#
        #....+...#
        #........#
        ##########
        """)
}

extension ArenaSimulation {
    /// Puts a player's centre on the centre of a tile (tests only).
    mutating func place(_ id: PlayerID, tileX: Int, tileY: Int) {
        let index = playerIndex(id)!
        players[index].x = Fixed.center(ofTile: tileX)
        players[index].y = Fixed.center(ofTile: tileY)
    }

    mutating func setHealth(_ id: PlayerID, _ health: Int32) {
        players[playerIndex(id)!].health = health
    }

    /// Steps `count` ticks with the same inputs; returns every event seen.
    @discardableResult
    mutating func run(_ count: Int, inputs: TickInputs = [:]) -> [ArenaEvent] {
        var seen: [ArenaEvent] = []
        for _ in 0..<count {
            step(inputs: inputs)
            seen.append(contentsOf: events)
        }
        return seen
    }
}

/// Aim angles in 1/65536 turn.
enum Aim {
    static let east: UInt16 = 0
    static let south: UInt16 = 16384
    static let west: UInt16 = 32768
    static let north: UInt16 = 49152
}

extension ArenaSimulation {
    /// `addPlayer`, recording an issue if refused (`#expect` cannot wrap a mutating call).
    mutating func seat(_ id: PlayerID, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let added = addPlayer(id, name: name)
        #expect(added, "player \(id) was refused", sourceLocation: sourceLocation)
    }

    /// `addPlayer`, recording an issue if accepted.
    mutating func refuse(_ id: PlayerID, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let added = addPlayer(id, name: name)
        #expect(!added, "player \(id) was seated", sourceLocation: sourceLocation)
    }
}

/// Arena inputs by their fields, as tests write them.
extension PlayerInput {
    init(sequence: UInt32 = 0, moveX: Int8 = 0, moveY: Int8 = 0, aim: UInt16 = 0, buttons: Int32 = 0) {
        self = ArenaInput.make(sequence: sequence, moveX: moveX, moveY: moveY, aim: aim)
        self[ArenaInput.buttons] = buttons
    }

    var moveX: Int32 {
        get { self[ArenaInput.moveX] }
        set { self[ArenaInput.moveX] = newValue }
    }

    enum Buttons {
        static let fire = ArenaInput.Buttons.fire
    }
}
