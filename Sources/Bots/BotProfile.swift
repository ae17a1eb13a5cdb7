/// What a bot does with what it sees.
public enum BotBehaviourKind: String, CaseIterable, Sendable, Codable {
    /// Roams the map, avoids walls, fires now and then.
    case wanderer
    /// Closes in on the nearest enemy, keeps its preferred range and fires.
    case hunter
    /// Heads for active health pickups when hurt, otherwise hunts.
    case medic
}

/// A bot's behaviour and its parameters, as read from a `bots/*.json` file.
public struct BotProfile: Sendable, Equatable {
    /// Where the profile came from (a file name, or a label for built-in profiles).
    public var name: String
    public var behaviour: BotBehaviourKind
    /// Milliseconds between first seeing a new target and aiming and firing at it.
    public var reactionMilliseconds: Int
    /// Largest aim error in degrees; each shot is off by a seeded random angle within it.
    public var aimErrorDegrees: Double
    /// Inputs the bot sends per second.
    public var inputRate: Int
    /// Distance in tiles a hunter tries to keep from its target.
    public var preferredRange: Double

    public init(name: String = "built-in", behaviour: BotBehaviourKind, reactionMilliseconds: Int = 150,
                aimErrorDegrees: Double = 6, inputRate: Int = 30, preferredRange: Double = 6) {
        self.name = name
        self.behaviour = behaviour
        self.reactionMilliseconds = reactionMilliseconds
        self.aimErrorDegrees = aimErrorDegrees
        self.inputRate = inputRate
        self.preferredRange = preferredRange
    }

    /// Allowed values, checked by the loader (and used in its messages).
    public enum Limits {
        public static let reactionMilliseconds = 0...10_000
        public static let aimErrorDegrees = 0.0...180.0
        /// The server's default input limit is 120 per second.
        public static let inputRate = 1...120
        public static let preferredRange = 0.5...64.0
    }
}
