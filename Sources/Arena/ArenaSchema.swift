import GameCore

/// The replicated entity kinds of Arena and their fields, most often changed first.
/// Field indices are named so clients decode without magic numbers.
public enum ArenaSchema {
    public enum Kind {
        public static let player: UInt8 = 0
        public static let projectile: UInt8 = 1
        public static let pickup: UInt8 = 2
    }

    /// Player fields. Positions are 1/256 tile (maps are at most 256 tiles, so 16 bits).
    public enum Player {
        public static let x = 0
        public static let y = 1
        /// Aim in 1/65536 turn; sent as its top 10 bits.
        public static let aim = 2
        public static let health = 3
        /// Bit set of `Flags`.
        public static let flags = 4
        public static let score = 5

        public enum Flags {
            public static let alive: Int32 = 1 << 0
            /// The weapon is cooling down (fired within the last `fireCooldown` ticks).
            public static let reloading: Int32 = 1 << 1
        }
    }

    public enum Projectile {
        public static let x = 0
        public static let y = 1
        public static let owner = 2
    }

    public enum Pickup {
        /// 1 when the pickup can be taken.
        public static let active = 0
    }

    public static let schema = EntitySchema(kinds: [
        EntityKind(id: Kind.player, name: "player", fields: [
            FieldDescriptor("x", bits: 16),
            FieldDescriptor("y", bits: 16),
            FieldDescriptor("aim", bits: 10, quantizeShift: 6),
            FieldDescriptor("health", bits: 7),
            FieldDescriptor("flags", bits: 2),
            FieldDescriptor("score", bits: 16),
        ]),
        EntityKind(id: Kind.projectile, name: "projectile", fields: [
            FieldDescriptor("x", bits: 16),
            FieldDescriptor("y", bits: 16),
            FieldDescriptor("owner", bits: 10),
        ]),
        EntityKind(id: Kind.pickup, name: "pickup", fields: [
            FieldDescriptor("active", bits: 1),
        ]),
    ])
}
