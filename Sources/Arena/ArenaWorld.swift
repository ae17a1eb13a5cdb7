import GameCore

/// A seated player. Positions are the centre of its collision box, in 1/256 tile.
public struct ArenaPlayer: Sendable, Equatable {
    /// Player id (1...1023), also its entity id.
    public let id: PlayerID
    /// Display name; kept by the game, not replicated in `WorldState`.
    public let name: String
    /// Centre x, 1/256 tile.
    public internal(set) var x: Int32
    /// Centre y, 1/256 tile.
    public internal(set) var y: Int32
    /// Velocity applied on the last tick, in 1/256 tile per tick.
    public internal(set) var velocityX: Int32 = 0
    /// Vertical velocity on the last tick, 1/256 tile per tick.
    public internal(set) var velocityY: Int32 = 0
    /// Aim angle in 1/65536 turn (0 = east, increasing towards south).
    public internal(set) var aim: UInt16 = 0
    /// Health, 0...`ArenaRules.maxHealth`; the player dies at 0.
    public internal(set) var health: Int32 = ArenaRules.maxHealth
    /// Kills, saturating at `ArenaRules.maxScore`.
    public internal(set) var score: Int32 = 0
    /// False from death until respawn; a dead player ignores input and cannot be hit.
    public internal(set) var alive = true
    /// Ticks until a dead player respawns (0 while alive).
    public internal(set) var respawnTicks: Int32 = 0
    /// Ticks until this player may fire again (0 = ready).
    public internal(set) var fireCooldown: Int32 = 0

    init(id: PlayerID, name: String, x: Int32, y: Int32) {
        self.id = id
        self.name = name
        self.x = x
        self.y = y
    }
}

/// A projectile in flight; a point moving in a straight line by `velocity` every tick.
public struct ArenaProjectile: Sendable, Equatable {
    /// Entity id, in `ArenaRules.projectileIDs`.
    public let id: UInt16
    /// The shooter, whom its own projectiles never hit.
    public let owner: PlayerID
    /// The shooter's aim when it fired (the velocity follows from it); replicated.
    public let aim: UInt16
    /// Current x, 1/256 tile.
    public internal(set) var x: Int32
    /// Current y, 1/256 tile.
    public internal(set) var y: Int32
    /// Horizontal velocity, 1/256 tile per tick (`ArenaRules.projectileVelocity(aim:)`).
    public let velocityX: Int32
    /// Vertical velocity, 1/256 tile per tick.
    public let velocityY: Int32
    /// Ticks of flight left; the projectile is removed when it reaches 0.
    public internal(set) var ticksLeft: Int32

    /// Ticks flown so far (1 at the end of the tick it was fired on).
    public var age: Int32 { ArenaRules.projectileLifetime - ticksLeft }
    /// Where it was `age` ticks ago, before its first move: the shooter's centre.
    public var originX: Int32 { x - velocityX * age }
    /// Origin y, as `originX`.
    public var originY: Int32 { y - velocityY * age }
}

/// A health pickup on a `+` tile.
public struct ArenaPickup: Sendable, Equatable {
    /// Index into `ArenaMap.pickups`.
    public let index: Int
    /// The `+` tile it sits on.
    public let tile: TilePoint
    /// The tile's centre, 1/256 tile: kept, not worked out for every wounded player on every tick.
    public let x: Int32
    /// Centre y, 1/256 tile.
    public let y: Int32
    /// Whether a hurt player touching it would take it now.
    public internal(set) var active = true
    /// Ticks until a taken pickup is active again (0 while active).
    public internal(set) var respawnTicks: Int32 = 0

    init(index: Int, tile: TilePoint) {
        self.index = index
        self.tile = tile
        x = Fixed.center(ofTile: tile.x)
        y = Fixed.center(ofTile: tile.y)
    }

    /// Entity id, `ArenaRules.firstPickupID + index`.
    public var id: UInt16 { ArenaRules.firstPickupID + UInt16(index) }
}

/// Something that happened during the last step, for logs, bots and tests.
public enum ArenaEvent: Sendable, Equatable {
    /// A player fired `projectile`.
    case fired(player: PlayerID, projectile: UInt16)
    /// A projectile hit `victim`, leaving it `healthLeft`.
    case hit(projectile: UInt16, shooter: PlayerID, victim: PlayerID, healthLeft: Int32)
    /// A hit took `victim` to 0 health; `shooter` scored (if still seated).
    case killed(shooter: PlayerID, victim: PlayerID)
    /// A dead player came back, with full health, on this spawn tile.
    case respawned(player: PlayerID, at: TilePoint)
    /// A player took pickup `pickup` (an index into `ArenaMap.pickups`).
    case pickedUp(player: PlayerID, pickup: Int, healthAfter: Int32)
    /// Pickup `pickup` (an index) can be taken again.
    case pickupRespawned(pickup: Int)
}
