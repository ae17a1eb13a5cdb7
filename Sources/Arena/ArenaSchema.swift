import GameCore

/// The replicated entity kinds of Arena and their fields, most often changed first.
/// Field indices are named so clients decode without magic numbers.
public enum ArenaSchema {
    /// Entity kind ids.
    public enum Kind {
        /// A seated player; its entity id is its player id (1...1023).
        public static let player: UInt8 = 0
        /// A projectile in flight (ids in `ArenaRules.projectileIDs`).
        public static let projectile: UInt8 = 1
        /// A health pickup (ids from `ArenaRules.firstPickupID`).
        public static let pickup: UInt8 = 2
    }

    /// Player fields. Positions are 1/256 tile (maps are at most 256 tiles, so 16 bits) and
    /// are sent in 1/64 tile (shift 2, 14 bits): a full-speed move between two snapshots
    /// (2 x 34/256 tile) is then a one-byte delta.
    public enum Player {
        /// Centre x, 1/256 tile (sent in 1/64 tile).
        public static let x = 0
        /// Centre y, 1/256 tile (sent in 1/64 tile).
        public static let y = 1
        /// Aim in 1/65536 turn; sent as its top 10 bits.
        public static let aim = 2
        /// Bit set of `Flags`. Only what other clients need: the weapon cooldown is not
        /// replicated (it would flip twice per shot; the server enforces it, and a client
        /// can predict its own from `ArenaRules.fireCooldown`).
        public static let flags = 3
        /// Health, 0...`ArenaRules.maxHealth`.
        public static let health = 4
        /// Kills, saturating at `ArenaRules.maxScore`.
        public static let score = 5

        /// Bits of the `flags` field.
        public enum Flags {
            /// Set while the player is alive (clear while it waits to respawn).
            public static let alive: Int32 = 1 << 0
        }
    }

    /// A projectile is replicated as its trajectory, which never changes in flight (so a
    /// flying projectile costs 0 bytes per snapshot): the point it flies from, its aim and
    /// the tick it was at that point. Its position at tick `t` is
    /// `origin + velocity(aim) * ((t - launchTick) mod 128)`, exactly as the server moves it
    /// (see `ArenaView` and `ArenaRules.projectileVelocity(aim:)`).
    public enum Projectile {
        /// Where the projectile was at `launchTick` (1/256 tile): the shooter's centre.
        public static let originX = 0
        /// Origin y (1/256 tile), as `originX`.
        public static let originY = 1
        /// Aim in 1/65536 turn; sent as its top 10 bits, which are all the velocity uses.
        public static let aim = 2
        /// The tick at which the projectile was at the origin (one before the firing tick),
        /// modulo 128 as a signed 7-bit value (-64...63): flights last under 128 ticks.
        public static let launchTick = 3
        /// Player id of the shooter (10 bits).
        public static let owner = 4
    }

    /// Pickup fields; a pickup's place is its map tile, from its id (`firstPickupID + index`).
    public enum Pickup {
        /// 1 when the pickup can be taken.
        public static let active = 0
    }

    /// The table sent in `welcome`: field widths and quantization of the three kinds.
    public static let schema = EntitySchema(kinds: [
        EntityKind(id: Kind.player, name: "player", fields: [
            FieldDescriptor("x", bits: 14, quantizeShift: 2),
            FieldDescriptor("y", bits: 14, quantizeShift: 2),
            FieldDescriptor("aim", bits: 10, quantizeShift: 6),
            FieldDescriptor("flags", bits: 1),
            FieldDescriptor("health", bits: 7),
            FieldDescriptor("score", bits: 16),
        ]),
        EntityKind(id: Kind.projectile, name: "projectile", fields: [
            FieldDescriptor("originX", bits: 16),
            FieldDescriptor("originY", bits: 16),
            FieldDescriptor("aim", bits: 10, quantizeShift: 6),
            FieldDescriptor("launchTick", bits: 7, signed: true),
            FieldDescriptor("owner", bits: 10),
        ]),
        EntityKind(id: Kind.pickup, name: "pickup", fields: [
            FieldDescriptor("active", bits: 1),
        ]),
    ])
}
