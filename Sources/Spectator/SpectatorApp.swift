import Arena
import Client
import EventLoop
import Wire

/// The spectator's behaviour on one loop: connects with the admin token, shows the room
/// list or a room, follows keys, refreshes the list every second, and reconnects every
/// 2 s when the server goes away. It draws through a `SpectatorTerminal`. Loop thread only.
public final class SpectatorApp: GameClientDelegate {
    public enum Outcome: Sendable, Equatable {
        case quit
        /// Cannot go on (wrong token, spectating off); the text says why.
        case failed(String)
    }

    enum Mode: Equatable {
        case list
        case watching
    }

    public static let frameMilliseconds: UInt64 = 33
    public static let listPollMilliseconds: UInt64 = 1000
    public static let retryMilliseconds: UInt64 = 2000

    let loop: EventLoop
    let terminal: any SpectatorTerminal
    let address: WebSocketURL
    let adminToken: String
    let tls: TLSContext?
    let credential: String
    /// Called once when the app ends; the caller stops the loop and restores the terminal.
    public var onFinish: ((Outcome) -> Void)?
    public private(set) var outcome: Outcome?

    var client: GameClient?
    var mode = Mode.list
    /// The room to (re)spectate after a connect; nil = the list.
    var wantedRoom: String?
    var rooms: [RoomInfo] = []
    var roomsLoaded = false
    var selection = 0
    var scene: RoomScene?
    var status: String?
    var paused = false
    var bytesPerSecond: Int?
    var rttMilliseconds: Double?
    private var lastBytesIn = 0
    private var lastPollAt: UInt64 = 0
    private var frameTimer: LoopTimer?
    private var pollTimer: LoopTimer?
    private var retryTimer: LoopTimer?

    /// `tls`: how to check a wss:// server (required for one).
    public init(loop: EventLoop, terminal: any SpectatorTerminal, address: WebSocketURL, adminToken: String, room: String?,
                tls: TLSContext? = nil, credential: String = "") {
        self.loop = loop
        self.tls = tls
        self.credential = credential
        self.terminal = terminal
        self.address = address
        self.adminToken = adminToken
        wantedRoom = room
    }

    public func start() {
        status = "connecting to \(address.description)..."
        connect()
        let frame = LoopTimer(loop: loop)
        frame.start(delay: 0, repeat: Self.frameMilliseconds) { [unowned self] in self.frameTick() }
        frameTimer = frame
        let poll = LoopTimer(loop: loop)
        poll.start(delay: Self.listPollMilliseconds, repeat: Self.listPollMilliseconds) { [unowned self] in self.pollTick() }
        pollTimer = poll
    }

    /// Ends the app (key `q`, Ctrl-C): closes the connection and the timers.
    public func quit() { finish(.quit) }

    func finish(_ result: Outcome) {
        guard outcome == nil else { return }
        outcome = result
        frameTimer?.close()
        pollTimer?.close()
        retryTimer?.close()
        client?.close()
        client = nil
        onFinish?(result)
    }

    // MARK: Connection

    func connect() {
        let client = GameClient(loop: loop)
        client.delegate = self
        client.credential = credential
        client.onPingRTT = { [weak self] micros in self?.rttMilliseconds = Double(micros) / 1000 }
        self.client = client
        lastBytesIn = 0
        client.connect(host: address.host, port: address.port,
                       role: .spectator(adminToken: adminToken, room: wantedRoom ?? ""), path: address.path,
                       tls: address.isSecure ? tls : nil)
    }

    public func gameClient(_ client: GameClient, didDisconnect reason: String) {
        guard outcome == nil, client === self.client else { return }
        self.client = nil
        status = "server gone (\(reason)); retrying every 2 s"
        bytesPerSecond = nil
        let retry = retryTimer ?? LoopTimer(loop: loop)
        retryTimer = retry
        retry.start(delay: Self.retryMilliseconds) { [unowned self] in
            guard self.outcome == nil, self.client == nil else { return }
            self.connect()
        }
    }

    // MARK: Server messages

    public func gameClient(_ client: GameClient, didJoin welcome: Welcome) {
        var next = RoomScene(welcome: welcome)
        next.info = rooms.first { $0.id == welcome.roomID }
        next.viewport = scene?.roomID == welcome.roomID ? scene!.viewport : ViewportState()
        scene = next
        mode = .watching
        wantedRoom = welcome.roomID
        paused = false
        status = nil
    }

    public func gameClient(_ client: GameClient, didApplySnapshot header: SnapshotInfo) {
        guard !paused, mode == .watching else { return }
        guard let scene, let welcome = client.welcome else { return }
        if scene.isArena {
            self.scene?.world = ArenaView(state: client.world)
        } else {
            self.scene?.entities = FieldEntity.place(client.world, schema: welcome.schema, levelWidth: welcome.levelWidth,
                                                     levelHeight: welcome.levelHeight, columns: scene.mapWidth,
                                                     rows: scene.mapHeight)
        }
    }

    public func gameClient(_ client: GameClient, didReceiveRoster roster: [RosterEntry]) {
        scene?.roster = roster
    }

    public func gameClient(_ client: GameClient, didReceiveReplayStatus status: ReplayStatus) {
        scene?.replay = status
    }

    public func gameClient(_ client: GameClient, didReceiveRooms rooms: [RoomInfo]) {
        self.rooms = rooms.sorted { $0.id < $1.id }
        roomsLoaded = true
        selection = min(selection, max(0, self.rooms.count - 1))
        if let id = scene?.roomID { scene?.info = self.rooms.first { $0.id == id } }
        if mode == .list, status?.hasPrefix("connecting") == true || status?.hasPrefix("server gone") == true {
            status = nil
        }
    }

    public func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String) {
        switch code {
        case .notAuthorized:
            finish(.failed("the server refused the admin token (\(message))"))
        case .spectatingDisabled:
            finish(.failed("spectating is off on this server: start it with --admin-token (\(message))"))
        case .roomClosed, .roomNotFound:
            let room = wantedRoom ?? scene?.roomID ?? "?"
            showList(status: code == .roomClosed ? "room \(room) closed: \(message)" : "no room \(room)")
        default:
            status = "server: \(message)"
        }
    }

    // MARK: Timers

    func frameTick() {
        for key in terminal.readKeys() { handle(key) }
        guard outcome == nil else { return }
        let size = terminal.size
        terminal.draw(render(width: size.width, height: size.height))
    }

    func pollTick() {
        guard let client, client.isConnected else { return }
        client.listRooms()
        client.ping()
        let now = loop.nowMilliseconds
        let bytes = client.stats.bytesIn
        if lastPollAt > 0, now > lastPollAt, bytes >= lastBytesIn {
            bytesPerSecond = (bytes - lastBytesIn) * 1000 / Int(now - lastPollAt)
        }
        lastBytesIn = bytes
        lastPollAt = now
    }

    /// The current screen as cells (pure given the app's state).
    public func render(width: Int, height: Int) -> CellGrid {
        if mode == .watching, var scene {
            scene.message = status
            scene.paused = paused
            scene.bytesPerSecond = bytesPerSecond
            scene.rttMilliseconds = rttMilliseconds
            return RoomRenderer.render(scene, width: width, height: height)
        }
        let list = RoomListScene(server: address.description, rooms: rooms, selection: selection, message: status, loaded: roomsLoaded)
        return RoomListRenderer.render(list, width: width, height: height)
    }

    // MARK: Navigation

    func showList(status text: String?) {
        mode = .list
        wantedRoom = nil
        scene = nil
        paused = false
        status = text
        client?.spectate(adminToken: adminToken, room: "")
    }

    func watch(_ roomID: String) {
        wantedRoom = roomID
        status = "switching to room \(roomID)..."
        client?.spectate(adminToken: adminToken, room: roomID)
    }
}
