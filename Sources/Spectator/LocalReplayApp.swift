import Arena
import EventLoop
import GameCore
import Replay
import Wire

/// `tickwire replay FILE`: the spectator's room view of a recording, re-simulated in this
/// process (no server), steered with the same keys as a server's replay room. Loop thread only.
public final class LocalReplayApp {
    /// The playback clock's rate: 100 Hz divides into whole milliseconds.
    static let clockRate = 100

    let loop: EventLoop
    let terminal: any SpectatorTerminal
    private var player: ReplayPlayer
    private var clock = PlaybackClock()
    private var scene: RoomScene
    private let schema: EntitySchema
    private let welcome: Welcome
    private var state = WorldState()
    private var timers: [LoopTimer] = []
    /// Called once when the viewer ends (q, Ctrl-C).
    public var onFinish: (() -> Void)?

    public init(loop: EventLoop, terminal: any SpectatorTerminal, player: ReplayPlayer, game: GameDefinition, level: GameLevel,
                name: String) {
        self.loop = loop
        self.terminal = terminal
        self.player = player
        schema = game.schema
        welcome = Welcome(playerID: Welcome.spectatorPlayerID, sessionToken: Welcome.noSessionToken, roomID: name, game: game,
                          level: level, tickRate: player.file.header.tickRate, snapshotRate: player.file.header.tickRate)
        scene = RoomScene(welcome: welcome)
    }

    public func start() {
        let steps = LoopTimer(loop: loop)
        steps.start(delay: 0, repeat: UInt64(1000 / Self.clockRate)) { [unowned self] in self.advance() }
        let frames = LoopTimer(loop: loop)
        frames.start(delay: 0, repeat: SpectatorApp.frameMilliseconds) { [unowned self] in self.frame() }
        timers = [steps, frames]
    }

    public func quit() {
        guard !timers.isEmpty else { return }
        timers.forEach { $0.close() }
        timers = []
        onFinish?()
    }

    private var status: ReplayStatus { player.status(clock) }

    private func advance() {
        guard !player.isAtEnd else { return }
        for _ in 0..<clock.stepsDue(clockRate: Self.clockRate, recordedRate: player.file.header.tickRate) where player.step() {}
    }

    private func frame() {
        for key in terminal.readKeys() {
            if key == .character("q") || key == .character("Q") {
                quit()
                return
            }
            if let command = ReplayKeys.command(for: key, status: status) { apply(command) } else { scene.steerView(key, screen: terminal.size) }
        }
        player.simulation.capture(into: &state)
        if scene.isArena {
            scene.world = ArenaView(state: state)
        } else {
            scene.entities = FieldEntity.place(state, schema: schema, levelWidth: welcome.levelWidth, levelHeight: welcome.levelHeight,
                                               columns: scene.mapWidth, rows: scene.mapHeight)
        }
        scene.roster = player.roster.sorted { $0.key < $1.key }.map { RosterEntry(id: $0.key, name: $0.value) }
        scene.replay = status
        let size = terminal.size
        terminal.draw(RoomRenderer.render(scene, width: size.width, height: size.height))
    }

    private func apply(_ command: ReplayCommand) {
        guard let target = clock.apply(command, atEnd: player.isAtEnd) else { return }
        player.seek(to: target)
        clock.restart()
    }
}
