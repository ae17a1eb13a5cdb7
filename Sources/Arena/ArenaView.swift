import GameCore

/// A replicated `WorldState` read back into Arena terms, for bots and the spectator
/// (which see only snapshots, not the simulation). Unknown kinds are skipped.
public struct ArenaView: Sendable, Equatable {
    /// A player as replicated (positions at snapshot precision, 1/64 tile).
    public struct Player: Sendable, Equatable {
        /// Player id, also its entity id.
        public var id: PlayerID
        /// Centre x, 1/256 tile (a multiple of 4: sent in 1/64 tile).
        public var x: Int32
        /// Centre y, 1/256 tile (a multiple of 4).
        public var y: Int32
        /// Aim in 1/65536 turn, to 1/1024 turn (the top 10 bits).
        public var aim: UInt16
        /// Health, 0...`ArenaRules.maxHealth`.
        public var health: Int32
        /// Kills.
        public var score: Int32
        /// False while the player waits to respawn.
        public var alive: Bool
    }

    /// A projectile at the view's tick. The snapshot carries its trajectory (origin, aim,
    /// launch tick mod 128); `x`/`y` are computed from it: origin + velocity(aim) * age.
    public struct Projectile: Sendable, Equatable {
        /// Entity id, in `ArenaRules.projectileIDs`.
        public var id: UInt16
        /// Current position (1/256 tile).
        public var x: Int32
        /// Current y (1/256 tile).
        public var y: Int32
        /// Player id of the shooter.
        public var owner: PlayerID

        /// A projectile at a known position.
        public init(id: UInt16, x: Int32, y: Int32, owner: PlayerID) {
            self.id = id
            self.x = x
            self.y = y
            self.owner = owner
        }

        /// The projectile on trajectory (`originX`, `originY`, `aim`, `launchTick`) at `tick`.
        /// `launchTick` may be the whole tick or its low 7 bits (signed or not): only
        /// `(tick - launchTick) mod 128`, the age, matters.
        public init(id: UInt16, originX: Int32, originY: Int32, aim: UInt16, launchTick: Int32,
                    owner: PlayerID, at tick: UInt32) {
            let age = Int32(truncatingIfNeeded: tick &- UInt32(bitPattern: launchTick)) & 127
            let velocity = ArenaRules.projectileVelocity(aim: aim)
            self.init(id: id, x: originX + velocity.x * age, y: originY + velocity.y * age, owner: owner)
        }
    }

    /// A health pickup and whether it can be taken.
    public struct Pickup: Sendable, Equatable {
        /// Entity id, `ArenaRules.firstPickupID + index`.
        public var id: UInt16
        /// Index into `ArenaMap.pickups` (where the pickup sits).
        public var index: Int
        /// Whether it can be taken now.
        public var active: Bool
    }

    /// The tick of the state this view was read from.
    public var tick: UInt32
    /// Players in id order.
    public var players: [Player] = []
    /// Projectiles in flight, in id order, placed at `tick`.
    public var projectiles: [Projectile] = []
    /// Pickups in id (map) order.
    public var pickups: [Pickup] = []

    /// Reads `state`, which must follow `ArenaSchema.schema` (as a client decodes it).
    public init(state: WorldState) {
        tick = state.tick
        read(state)
    }

    /// An empty view, to `read` into.
    public init() {
        tick = 0
    }

    /// Reads `state` in place of what the view held, keeping its arrays' storage: a bot
    /// reading every snapshot allocates nothing. With `projectiles: false` the view's
    /// `projectiles` stay empty (placing each costs a trajectory; bots do not dodge).
    public mutating func read(_ state: WorldState, projectiles includingProjectiles: Bool = true) {
        tick = state.tick
        players.removeAll(keepingCapacity: true)
        projectiles.removeAll(keepingCapacity: true)
        pickups.removeAll(keepingCapacity: true)
        for entity in 0..<state.count {
            let id = state.ids[entity]
            func value(_ field: Int) -> Int32 { state.value(entity, field) }
            switch state.kinds[entity] {
            case ArenaSchema.Kind.player:
                let flags = value(ArenaSchema.Player.flags)
                players.append(Player(
                    id: id, x: value(ArenaSchema.Player.x), y: value(ArenaSchema.Player.y),
                    aim: UInt16(truncatingIfNeeded: value(ArenaSchema.Player.aim)),
                    health: value(ArenaSchema.Player.health), score: value(ArenaSchema.Player.score),
                    alive: flags & ArenaSchema.Player.Flags.alive != 0))
            case ArenaSchema.Kind.projectile:
                guard includingProjectiles else { continue }
                projectiles.append(Projectile(
                    id: id, originX: value(ArenaSchema.Projectile.originX),
                    originY: value(ArenaSchema.Projectile.originY),
                    aim: UInt16(truncatingIfNeeded: value(ArenaSchema.Projectile.aim)),
                    launchTick: value(ArenaSchema.Projectile.launchTick),
                    owner: PlayerID(truncatingIfNeeded: value(ArenaSchema.Projectile.owner)), at: tick))
            case ArenaSchema.Kind.pickup:
                pickups.append(Pickup(id: id, index: Int(id) - Int(ArenaRules.firstPickupID),
                                      active: value(ArenaSchema.Pickup.active) != 0))
            default:
                continue
            }
        }
    }

    /// The player with this id, if present.
    public func player(_ id: PlayerID) -> Player? {
        players.first { $0.id == id }
    }
}
