import GameCore

/// The Arena game behind GameCore's `Simulation`: a pure, deterministic value. The same
/// map, seed, seating and inputs give the same states, byte for byte (integers only and
/// a seeded RNG; players, projectiles and pickups are always processed in id order).
public struct ArenaSimulation: Simulation, Sendable {
    /// The map this world is played on.
    public let map: ArenaMap
    /// The seed the world's RNG started from.
    public let seed: UInt64
    /// Steps taken so far (0 before the first).
    public private(set) var tick: UInt32 = 0
    /// Seated players, sorted by id.
    public internal(set) var players: [ArenaPlayer] = []
    /// Projectiles in flight, sorted by id.
    public internal(set) var projectiles: [ArenaProjectile] = []
    /// One per `+` tile, in map order.
    public internal(set) var pickups: [ArenaPickup]
    /// What happened during the last `step` (cleared at the start of each step).
    public internal(set) var events: [ArenaEvent] = []

    var random: SeededRandom
    /// Where the search for the next free projectile id starts.
    var nextProjectileID: UInt16 = ArenaRules.projectileIDs.lowerBound

    /// An empty world at tick 0 on `map`, every pickup active; spawn choices follow `seed`.
    public init(map: ArenaMap, seed: UInt64) {
        self.map = map
        self.seed = seed
        random = SeededRandom(seed: seed)
        pickups = map.pickups.enumerated().map { ArenaPickup(index: $0.offset, tile: $0.element) }
    }

    /// `ArenaSchema.schema`.
    public static var schema: EntitySchema { ArenaSchema.schema }
    /// `ArenaInput.layout`.
    public static var inputLayout: InputLayout { ArenaInput.layout }

    /// The seated player with this id, if any.
    public func player(_ id: PlayerID) -> ArenaPlayer? {
        playerIndex(id).map { players[$0] }
    }

    /// Index of a player in `players` (binary search; players are sorted by id).
    func playerIndex(_ id: PlayerID) -> Int? {
        var low = 0, high = players.count
        while low < high {
            let mid = (low + high) / 2
            if players[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < players.count && players[low].id == id ? low : nil
    }

    /// Seats a player at a free spawn point. `id` can be any PlayerID in 1...1023 (the room
    /// assigns them; it is also the player's entity id). Returns false when the id is out
    /// of range or taken, or the map's `max-players` is reached.
    public mutating func addPlayer(_ id: PlayerID, name: String) -> Bool {
        guard ArenaRules.playerIDs.contains(id), players.count < map.maxPlayers, playerIndex(id) == nil else {
            return false
        }
        let spawn = chooseSpawnPoint()
        let player = ArenaPlayer(id: id, name: name, x: Fixed.center(ofTile: spawn.x), y: Fixed.center(ofTile: spawn.y))
        let insertAt = players.firstIndex { $0.id > id } ?? players.count
        players.insert(player, at: insertAt)
        return true
    }

    /// Removes a player and its projectiles in flight.
    public mutating func removePlayer(_ id: PlayerID) {
        guard let index = playerIndex(id) else { return }
        players.remove(at: index)
        projectiles.removeAll { $0.owner == id }
    }

    /// One tick: respawn timers, then each player's input (aim, move, fire) in id order,
    /// then projectiles (walls, hits), then pickups. A player without input keeps still.
    public mutating func step(inputs: TickInputs) {
        tick &+= 1
        events.removeAll(keepingCapacity: true)
        advanceRespawnTimers()
        for index in players.indices {
            applyInput(inputs[players[index].id], toPlayerAt: index)
        }
        advanceProjectiles()
        advancePickups()
    }

    mutating func applyInput(_ input: PlayerInput?, toPlayerAt index: Int) {
        if players[index].fireCooldown > 0 { players[index].fireCooldown -= 1 }
        guard let input else {
            players[index].velocityX = 0
            players[index].velocityY = 0
            return
        }
        guard players[index].alive else { return }
        players[index].aim = UInt16(truncatingIfNeeded: input[ArenaInput.aim])
        move(playerAt: index, input: input)
        if input[ArenaInput.buttons] & ArenaInput.Buttons.fire != 0 && players[index].fireCooldown == 0 {
            fire(playerAt: index)
        }
    }
}
