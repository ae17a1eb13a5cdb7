import GameCore

/// A seated player. Positions are the centre of its collision box, in 1/256 tile.
public struct ArenaPlayer: Sendable, Equatable {
    public let id: PlayerID
    /// Display name; kept by the game, not replicated in `WorldState`.
    public let name: String
    public internal(set) var x: Int32
    public internal(set) var y: Int32
    /// Velocity applied on the last tick, in 1/256 tile per tick.
    public internal(set) var velocityX: Int32 = 0
    public internal(set) var velocityY: Int32 = 0
    /// Aim angle in 1/65536 turn (0 = east, increasing towards south).
    public internal(set) var aim: UInt16 = 0
    public internal(set) var health: Int32 = ArenaRules.maxHealth
    public internal(set) var score: Int32 = 0
    public internal(set) var alive = true
    /// Ticks until a dead player respawns (0 while alive).
    public internal(set) var respawnTicks: Int32 = 0
    /// Ticks until this player may fire again (0 = ready).
    public internal(set) var fireCooldown: Int32 = 0
    /// Sequence number of the last input applied to this player (echoed to clients).
    public internal(set) var lastInputSequence: UInt32 = 0

    init(id: PlayerID, name: String, x: Int32, y: Int32) {
        self.id = id
        self.name = name
        self.x = x
        self.y = y
    }
}

/// A projectile in flight; a point moving in a straight line by `velocity` every tick.
public struct ArenaProjectile: Sendable, Equatable {
    public let id: UInt16
    public let owner: PlayerID
    /// The shooter's aim when it fired (the velocity follows from it); replicated.
    public let aim: UInt16
    public internal(set) var x: Int32
    public internal(set) var y: Int32
    public let velocityX: Int32
    public let velocityY: Int32
    /// Ticks of flight left; the projectile is removed when it reaches 0.
    public internal(set) var ticksLeft: Int32

    /// Ticks flown so far (1 at the end of the tick it was fired on).
    public var age: Int32 { ArenaRules.projectileLifetime - ticksLeft }
    /// Where it was `age` ticks ago, before its first move: the shooter's centre.
    public var originX: Int32 { x - velocityX * age }
    public var originY: Int32 { y - velocityY * age }
}

/// A health pickup on a `+` tile.
public struct ArenaPickup: Sendable, Equatable {
    /// Index into `ArenaMap.pickups`.
    public let index: Int
    public let tile: TilePoint
    public internal(set) var active = true
    /// Ticks until a taken pickup is active again (0 while active).
    public internal(set) var respawnTicks: Int32 = 0

    public var id: UInt16 { ArenaRules.firstPickupID + UInt16(index) }
}

/// Something that happened during the last step, for logs, bots and tests.
public enum ArenaEvent: Sendable, Equatable {
    case fired(player: PlayerID, projectile: UInt16)
    case hit(projectile: UInt16, shooter: PlayerID, victim: PlayerID, healthLeft: Int32)
    case killed(shooter: PlayerID, victim: PlayerID)
    case respawned(player: PlayerID, at: TilePoint)
    case pickedUp(player: PlayerID, pickup: Int, healthAfter: Int32)
    case pickupRespawned(pickup: Int)
}
