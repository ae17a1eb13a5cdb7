import Arena
import GameCore

/// A bot's decision maker: a profile, a seeded random generator and a little memory
/// (current target, where enemies were, where it is heading). `decide` turns one sight
/// into one input; the same seed and the same sights give the same inputs.
public struct BotBrain {
    public let profile: BotProfile
    let grid: NavigationGrid
    var random: SeededRandom

    // Targeting memory.
    var targetID: PlayerID?
    var targetAcquiredAt: UInt64 = 0
    /// Where each enemy was last seen and how fast it moved (units per tick), to lead shots.
    var lastSeen = PlayerTable<Sighting>()

    // Movement memory.
    var strafeSign: Double = 1
    var strafeUntil: UInt64 = 0
    var wanderGoal: Int?
    var wanderGoalUntil: UInt64 = 0
    var nextWanderShotAt: UInt64 = 0
    var progressX: Int32 = 0
    var progressY: Int32 = 0
    var progressCheckAt: UInt64 = 0
    var unstickUntil: UInt64 = 0
    var unstickDirection: (x: Double, y: Double) = (0, 0)

    public init(profile: BotProfile, grid: NavigationGrid, seed: UInt64) {
        self.profile = profile
        self.grid = grid
        random = SeededRandom(seed: seed)
    }

    /// The input for this moment.
    public mutating func decide(_ sight: BotSight) -> BotInput {
        defer { remember(sight) }
        guard sight.me.alive else {
            targetID = nil
            return BotInput(aim: sight.me.aim)
        }
        var input: BotInput
        switch profile.behaviour {
        case .wanderer: input = wander(sight)
        case .hunter: input = hunt(sight)
        case .medic: input = heal(sight) ?? hunt(sight)
        }
        avoidGettingStuck(sight, &input)
        return input
    }

    private mutating func remember(_ sight: BotSight) {
        if lastSeen.count > 64 { lastSeen.removeAll() }
        for enemy in sight.enemies {
            var sighting = Sighting(x: enemy.x, y: enemy.y, tick: sight.tick)
            if let before = lastSeen[enemy.id] {
                guard sight.tick > before.tick else { continue }
                let ticks = sight.tick - before.tick
                if ticks < 30 {
                    sighting.velocityX = Double(enemy.x - before.x) / Double(ticks)
                    sighting.velocityY = Double(enemy.y - before.y) / Double(ticks)
                }
            }
            lastSeen[enemy.id] = sighting
        }
    }

    struct Sighting {
        var x: Int32
        var y: Int32
        var tick: UInt32
        var velocityX = 0.0
        var velocityY = 0.0
    }

    // MARK: Random helpers

    /// Uniform in `range`, from the bot's own generator.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        let unit = Double(random.next() >> 11) / Double(1 << 53)
        return range.lowerBound + unit * (range.upperBound - range.lowerBound)
    }

    mutating func milliseconds(_ range: ClosedRange<Int>) -> UInt64 {
        UInt64(range.lowerBound + random.next(below: range.count))
    }
}
