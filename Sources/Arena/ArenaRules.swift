import GameCore

/// Every tuning constant of the Arena game, in ticks and 1/256 tile. The simulation is
/// tick-based; the per-second figures in comments assume `tickRate` (60 Hz).
public enum ArenaRules {
    /// Ticks per second the constants below were tuned for.
    public static let tickRate = 60

    // MARK: Players
    /// Half the side of the player's collision box (0.35 tile).
    public static let playerRadius: Int32 = 90
    /// Top speed: 8 tiles/s = 34/256 tile per tick.
    public static let maxSpeed: Int32 = 34
    /// Largest move input magnitude per axis (inputs are clamped to -127...127).
    public static let maxMoveInput: Int32 = 127
    /// Health at spawn, and the most a pickup heals to (fits the 7-bit replicated field).
    public static let maxHealth: Int32 = 100
    /// Ticks a dead player waits before respawning (2 s).
    public static let respawnDelay: Int32 = 120
    /// Players with an id in this range can be seated; their id is their entity id.
    public static let playerIDs: ClosedRange<PlayerID> = 1...1023
    /// Hard cap on a map's `max-players`.
    public static let maxPlayersLimit = 64
    /// Scores saturate here (the replicated field is 16 bits).
    public static let maxScore: Int32 = 65535

    // MARK: Projectiles
    /// 20 tiles/s = 85/256 tile per tick.
    public static let projectileSpeed: Int32 = 85
    /// Velocity of a projectile fired with `aim`, in 1/256 tile per tick. Depends only on
    /// the top 10 bits of the aim (`FixedTrig`). Division truncates towards zero, so
    /// opposite aims give opposite velocities.
    public static func projectileVelocity(aim: UInt16) -> (x: Int32, y: Int32) {
        let direction = FixedTrig.direction(aim: aim)
        return (direction.x * projectileSpeed / FixedTrig.one, direction.y * projectileSpeed / FixedTrig.one)
    }
    /// Ticks a projectile flies before it expires (1.5 s). Must stay below 128: clients
    /// recover a projectile's age from its launch tick modulo 128.
    public static let projectileLifetime: Int32 = 90
    /// Ticks between two shots of one player (0.25 s).
    public static let fireCooldown: Int32 = 15
    /// Health a hit takes; a player at 0 dies and the shooter scores 1.
    public static let projectileDamage: Int32 = 25
    /// A projectile (a point) hits a player when closer than this to the player's centre.
    public static let hitRadius: Int32 = 90
    /// Longest sub-step of a projectile's move, so it cannot skip a wall corner or a player.
    public static let projectileSubstep: Int32 = 32
    /// Projectile entity ids cycle through this range (never reusing a live one).
    public static let projectileIDs: ClosedRange<UInt16> = 1024...59999

    // MARK: Pickups
    /// Health a pickup gives, up to `maxHealth`; only hurt players take pickups.
    public static let pickupHeal: Int32 = 25
    /// Ticks a taken pickup stays inactive (10 s).
    public static let pickupRespawnDelay: Int32 = 600
    /// A player touches a pickup when its centre is closer than this to the tile centre
    /// on both axes (player radius + a quarter tile).
    public static let pickupReach: Int32 = 154
    /// Pickup entity ids are `firstPickupID + index` in map order.
    public static let firstPickupID: UInt16 = 60000
    /// The most pickups a map may have, so pickup ids stay below 65536.
    public static let maxPickups = 4096
}
