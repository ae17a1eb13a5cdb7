import Arena
import Client
import EventLoop
import GameCore
import Wire

/// One bot: a real `GameClient` plus a brain. It does not keep its own timers; the swarm's
/// single input timer calls `tick` on every bot (one timer per process, not per bot).
final class Bot {
    enum Phase: Equatable {
        case waiting, connecting, playing, closing, gone
    }

    let index: Int
    let name: String
    let profile: BotProfile
    let seed: UInt64
    let client: GameClient
    unowned let swarm: BotSwarm
    private(set) var phase = Phase.waiting
    private(set) var brain: BotBrain?
    private(set) var randomInputs: RandomInputs?
    /// Whether the bot ever got a welcome (counts as connected in the summary).
    private(set) var joined = false
    private(set) var lastInput = BotInput()
    /// Input budget in ms*inputs: each timer call adds `rate * elapsed ms`; an input costs 1000.
    private var inputCredit = 0
    private var nextPingAt: UInt64 = 0
    /// The sight is read again only when a new snapshot arrived, into the same storage.
    private var view = ArenaView()
    private var sight: BotSight?
    private var sightTick: UInt32 = .max
    /// The client's delegate, standing in for the bot (see `BotEvents`).
    private var events: BotEvents?

    init(index: Int, name: String, profile: BotProfile, seed: UInt64, swarm: BotSwarm) {
        self.index = index
        self.name = name
        self.profile = profile
        self.seed = seed
        self.swarm = swarm
        client = GameClient(loop: swarm.loop)
        if index < swarm.configuration.credentials.count { client.credential = swarm.configuration.credentials[index] }
        client.resumeWithinMilliseconds = swarm.configuration.resumeWithinMilliseconds
        client.placementTimeoutMilliseconds = swarm.configuration.joinTimeoutMilliseconds
        events = BotEvents(bot: self)
        client.delegate = events
        client.onPingRTT = { [unowned swarm] micros in swarm.counters.recordRTT(micros: micros) }
        client.onInputLatency = { [unowned swarm] ms in swarm.counters.recordInputLatency(milliseconds: ms) }
    }

    func connect(url: WebSocketURL, target: JoinTarget) {
        phase = .connecting
        client.connect(host: url.host, port: url.port, role: .player(name: name, target: target), path: url.path,
                       tls: url.isSecure ? swarm.configuration.tls : nil)
    }

    /// Closes with 1000 (or drops a connection still opening).
    func close() {
        switch phase {
        case .playing, .connecting:
            phase = .closing
            // Still connecting: nothing to close yet; `didJoin` closes it once it opens.
            if client.isConnected { client.close() }
        case .waiting:
            phase = .gone
        case .closing, .gone:
            break
        }
    }

    /// Called by the swarm's timer, `elapsed` ms after its previous call: sends an input
    /// when this bot's rate allows (at most one per call), and a ping once a second.
    func tick(now: UInt64, elapsed: Int) {
        guard phase == .playing else { return }
        inputCredit += profile.inputRate * elapsed
        if inputCredit >= 1000 {
            inputCredit = min(inputCredit - 1000, 1000)
            sendInput(now: now)
        }
        if now >= nextPingAt {
            nextPingAt = now + 1000
            client.ping()
        }
    }

    /// Brain, sight and random inputs are changed in place (`x!.…`): a local copy would make
    /// the brain's memory copy itself on every write.
    private func sendInput(now: UInt64) {
        if randomInputs != nil {
            client.sendInput(randomInputs!.next())
            return
        }
        guard brain != nil, let playerID = client.playerID else { return }
        if client.appliedTick != sightTick {
            sightTick = client.appliedTick
            view.read(client.world, projectiles: false)
            if sight == nil {
                sight = BotSight(view: view, playerID: playerID, now: now)
            } else if !sight!.update(view: view, playerID: playerID, now: now) {
                sight = nil
            }
        }
        guard sight != nil else {
            client.sendInput(ArenaInput.make().values)
            return
        }
        sight!.now = now
        let input = brain!.decide(sight!)
        lastInput = input
        client.sendInput(ArenaInput.make(moveX: input.moveX, moveY: input.moveY, aim: input.aim, fire: input.fire).values)
    }

    // MARK: What the client reports (through `BotEvents`)

    func gameClient(_ client: GameClient, didJoin welcome: Welcome) {
        if phase == .closing { client.close(); return }
        switch swarm.configuration.brain {
        case .random:
            randomInputs = RandomInputs(layout: welcome.inputLayout, seed: seed)
        case .profile:
            // Profile brains read Arena's entities and walls: they cannot play another game.
            guard ArenaGame.describes(game: welcome.game, schema: welcome.schema, inputLayout: welcome.inputLayout, grid: welcome.grid),
                  let tiles = welcome.grid else {
                swarm.botCannotPlay(self, "room \(welcome.roomID) plays \(welcome.game); profile brains play arena only (use --brain random)")
                phase = .closing
                client.close()
                return
            }
            brain = BotBrain(profile: profile, grid: swarm.navigationGrid(for: welcome, tiles: tiles), seed: seed)
        }
        phase = .playing
        if !joined { swarm.botJoined(self) }
        joined = true
        sightTick = .max
        // Spread pings over the second so they do not all leave on the same tick.
        nextPingAt = swarm.loop.nowMilliseconds + UInt64(index % 1000)
    }

    func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String) {
        swarm.botReceivedError(self, code: code, message: message)
        // Refused before joining (room full, unknown map…): this bot cannot play; leave.
        if !joined, phase == .connecting, !code.closesConnection {
            phase = .closing
            client.close()
        }
    }

    func gameClient(_ client: GameClient, didDisconnect reason: String) {
        let requested = phase == .closing
        phase = .gone
        swarm.botDisconnected(self, reason: DisconnectReason(clientReason: reason, closeRequested: requested))
    }
}

/// The bot's client delegate. A client holds its delegate weakly, and a weakly held object
/// gets a side table that makes every retain of it slow; the bot, retained on every timer
/// call and every message, leaves that to this small object.
private final class BotEvents: GameClientDelegate {
    unowned let bot: Bot

    init(bot: Bot) { self.bot = bot }

    func gameClient(_ client: GameClient, didJoin welcome: Welcome) {
        bot.gameClient(client, didJoin: welcome)
    }

    func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String) {
        bot.gameClient(client, didReceiveError: code, message: message)
    }

    func gameClient(_ client: GameClient, didDisconnect reason: String) {
        bot.gameClient(client, didDisconnect: reason)
    }
}
