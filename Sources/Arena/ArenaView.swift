import GameCore

/// A replicated `WorldState` read back into Arena terms, for bots and the spectator
/// (which see only snapshots, not the simulation). Unknown kinds are skipped.
public struct ArenaView: Sendable, Equatable {
    public struct Player: Sendable, Equatable {
        public var id: PlayerID
        public var x: Int32
        public var y: Int32
        public var aim: UInt16
        public var health: Int32
        public var score: Int32
        public var alive: Bool
    }

    /// A projectile at the view's tick. The snapshot carries its trajectory (origin, aim,
    /// launch tick mod 128); `x`/`y` are computed from it: origin + velocity(aim) * age.
    public struct Projectile: Sendable, Equatable {
        public var id: UInt16
        /// Current position (1/256 tile).
        public var x: Int32
        public var y: Int32
        public var owner: PlayerID

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

    public struct Pickup: Sendable, Equatable {
        public var id: UInt16
        /// Index into `ArenaMap.pickups` (where the pickup sits).
        public var index: Int
        public var active: Bool
    }

    public var tick: UInt32
    public var players: [Player] = []
    public var projectiles: [Projectile] = []
    public var pickups: [Pickup] = []

    public init(state: WorldState) {
        tick = state.tick
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

    public func player(_ id: PlayerID) -> Player? {
        players.first { $0.id == id }
    }
}
