import Arena
import GameCore

/// What one bot sees at one moment: itself, the others, pickups, and the loop time, all
/// from the latest snapshot it applied (not shots in flight: no behaviour dodges).
/// Behaviours decide from this alone, so a decision is a pure function of sight, memory
/// and the bot's seed.
public struct BotSight: Sendable {
    public var now: UInt64
    /// Tick of the snapshot this sight comes from.
    public var tick: UInt32
    public var me: ArenaView.Player
    public var enemies: [ArenaView.Player]
    /// Indices (into the map's pickup list) of pickups that can be taken now.
    public var activePickups: [Int]

    public init(now: UInt64, tick: UInt32, me: ArenaView.Player, enemies: [ArenaView.Player],
                activePickups: [Int]) {
        self.now = now
        self.tick = tick
        self.me = me
        self.enemies = enemies
        self.activePickups = activePickups
    }

    /// Reads a bot's sight from a world view, or nil when it is not in the world yet.
    public init?(view: ArenaView, playerID: PlayerID, now: UInt64) {
        guard let me = view.player(playerID) else { return nil }
        self.init(now: now, tick: view.tick, me: me, enemies: [], activePickups: [])
        update(view: view, me: me, now: now)
    }

    /// Reads a new view in place, keeping the arrays' storage (a bot sees 30 views a
    /// second); false, and unchanged, when the player is not in the view.
    public mutating func update(view: ArenaView, playerID: PlayerID, now: UInt64) -> Bool {
        guard let me = view.player(playerID) else { return false }
        update(view: view, me: me, now: now)
        return true
    }

    private mutating func update(view: ArenaView, me: ArenaView.Player, now: UInt64) {
        self.now = now
        tick = view.tick
        self.me = me
        enemies.removeAll(keepingCapacity: true)
        for player in view.players where player.id != me.id && player.alive { enemies.append(player) }
        activePickups.removeAll(keepingCapacity: true)
        for pickup in view.pickups where pickup.active { activePickups.append(pickup.index) }
    }
}

/// One input a bot decided on.
public struct BotInput: Sendable, Equatable {
    public var moveX: Int8 = 0
    public var moveY: Int8 = 0
    public var aim: UInt16 = 0
    public var fire = false

    public init(moveX: Int8 = 0, moveY: Int8 = 0, aim: UInt16 = 0, fire: Bool = false) {
        self.moveX = moveX
        self.moveY = moveY
        self.aim = aim
        self.fire = fire
    }

    /// Move at full speed along a direction (any length; zero means stand still).
    mutating func move(towardX dx: Double, y dy: Double) {
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0.5 else { moveX = 0; moveY = 0; return }
        moveX = Int8((dx / length * 127).rounded())
        moveY = Int8((dy / length * 127).rounded())
    }
}
