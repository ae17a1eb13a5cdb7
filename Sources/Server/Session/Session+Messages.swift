import Auth
import GameCore
import Replay
import Wire

extension Session {
    func handle(_ message: ClientMessage) {
        if isRequest(message), !takeRequest() { return }
        if placing, message.waitsForPlacement {
            sendError(ProtocolError(.unexpectedMessage, "the last join or resume is still being placed; wait for its answer"))
            return
        }
        switch message {
        case .join(_, let name, let target, let credential):
            guard case .lobby = role else {
                sendError(ProtocolError(.alreadyInRoom, "already in a room; leave first"))
                return
            }
            let auth = authenticate(credential)
            if auth.ok { join(name: name, target: target, identity: auth.identity) }
        case .input(let ack, let input):
            receiveInput(input, ack: ack)
        case .ack(let tick):
            acknowledge(tick)
        case .leave:
            leave()
        case .listRooms:
            send(ServerMessage.roomList(server.rooms).encoded())
        case .resume(_, let token, let credential):
            guard case .lobby = role else {
                sendError(ProtocolError(.alreadyInRoom, "already in a room"))
                return
            }
            let auth = authenticate(credential)
            if auth.ok { resume(token: token, identity: auth.identity) }
        case .spectate(_, let adminToken, let roomID, let credential):
            // The admin token alone still lets operators watch on a server that authenticates.
            if credential.isEmpty || server.verifier == nil {
                spectate(adminToken: adminToken, roomID: roomID, identity: nil)
            } else {
                let auth = authenticate(credential)
                if auth.ok { spectate(adminToken: adminToken, roomID: roomID, identity: auth.identity) }
            }
        case .replayControl(let command):
            guard case .spectator(let room) = role, room.isReplay else {
                refuse(ProtocolError(.unexpectedMessage, "replayControl is for spectators of a replay room"))
                return
            }
            room.control(command)
        }
    }

    private func join(name requested: String, target: JoinTarget, identity: PlayerIdentity?) {
        guard case .lobby = role else {
            sendError(ProtocolError(.alreadyInRoom, "already in a room; leave first"))
            return
        }
        let name = identity?.name ?? requested
        if let problem = PlayerName.problem(name, maxBytes: server.configuration.maxNameBytes) {
            server.counters.breach(.name)
            sendError(ProtocolError(.invalidName, problem))
            return
        }
        if let allowed = identity?.rooms {
            // A reservation's room is checked once the directory has named it.
            let named: Bool
            switch target {
            case .room(let id): named = allowed.contains(id)
            case .reservation: named = true
            default: named = false
            }
            guard named else {
                refuse(.roomNotAllowed("the token allows rooms \(allowed.joined(separator: ", ")) only, joined by id"))
                return
            }
        }
        if let directory = server.directory {
            joinThroughDirectory(directory, name: name, target: target, identity: identity)
            return
        }
        if case .reservation = target {
            sendError(ProtocolError(.reservationInvalid, "this server is not part of a cluster: join by room, level or any"))
            return
        }
        var found = server.registry.roomForJoin(target)
        // The identity's own old seat may be what fills the room it comes back to.
        if case .failure(let error) = found, error.code == .roomFull, case .room(let id) = target, let identity,
           server.registry.seat(forIdentity: identity.subject)?.0.id == id {
            replaceSeat(of: identity.subject)
            found = server.registry.roomForJoin(target)
        }
        let room: Room
        switch found {
        case .failure(let error):
            if error.code == .roomFull { server.counters.breach(.playersPerRoom) }
            sendError(error)
            return
        case .success(let chosen):
            room = chosen
        }
        sit(in: room, name: name, identity: identity)
    }

    /// Seats the player in `room`, which has a free seat for it, and welcomes it; false
    /// when the room refused after all (the error is sent).
    @discardableResult
    func sit(in room: Room, name: String, identity: PlayerIdentity?) -> Bool {
        // Only now that the join can succeed does the identity's old connection go.
        if let identity { replaceSeat(of: identity.subject) }
        guard let seat = room.seat(name: name, identity: identity?.subject ?? "", session: self) else {
            server.counters.breach(.playersPerRoom)
            sendError(ProtocolError(.roomFull, "room \(room.id) is full (\(room.settings.capacity) players)"))
            return false
        }
        role = .player(room, seat)
        idleness.moved(to: .room, now: now)
        server.counters.playersJoined += 1
        if let identity { server.log("\(identity.subject) joined room \(room.id) as \(name) from \(address)") }
        send(ServerMessage.welcome(welcome(room: room, playerID: seat.id, token: seat.token)).encoded())
        room.broadcastRoster()
        return true
    }

    func welcome(room: Room, playerID: PlayerID, token: [UInt8]) -> Welcome {
        Welcome(playerID: playerID, sessionToken: token, roomID: room.id, game: room.game, level: room.level,
                tickRate: room.settings.tickRate, snapshotRate: room.settings.snapshotRate)
    }

    func receiveInput(_ input: PlayerInput, ack: UInt32) {
        guard case .player(let room, let seat) = role else {
            // Spectators watch only: their input is refused (the connection stays open).
            if case .spectator = role {
                refuse(ProtocolError(.unexpectedMessage, "spectators cannot send input"))
            } else {
                refuse(ProtocolError(.notInRoom, "input outside a room; join first"))
            }
            return
        }
        let now = self.now
        guard inputLimiter.allow(now: now) else {
            server.counters.breach(.inputRate)
            sendError(ProtocolError(.rateLimited, "more than \(server.configuration.inputsPerSecond) inputs per second"))
            return
        }
        if ack != 0 && ack <= room.latestSnapshotTick { seat.ackTick = ack }
        idleness.receivedInput(now: now)
        switch seat.inputs.push(input) {
        case .queued: break
        case .stale: server.counters.inputsStale += 1
        case .full: server.counters.inputsOverflow += 1
        }
    }

    private func acknowledge(_ tick: UInt32) {
        switch role {
        case .player(let room, let seat):
            if tick != 0 && tick <= room.latestSnapshotTick { seat.ackTick = tick }
        case .spectator(let room):
            if tick != 0 && tick <= room.latestSnapshotTick { ackTick = tick }
        case .lobby:
            refuse(ProtocolError(.notInRoom, "ack outside a room"))
        }
    }

    private func leave() {
        switch role {
        case .player(let room, let seat):
            room.unseat(seat)
        case .spectator(let room):
            room.removeSpectator(self)
        case .lobby:
            sendError(ProtocolError(.notInRoom, "not in a room"))
            return
        }
        returnToLobby()
    }

    private func resume(token: [UInt8], identity: PlayerIdentity?) {
        guard case .lobby = role else {
            sendError(ProtocolError(.alreadyInRoom, "already in a room"))
            return
        }
        guard let (room, seat) = server.registry.seat(forToken: token) else {
            if let directory = server.directory {
                resumeElsewhere(directory, token: token)
                return
            }
            server.counters.resumesRefused += 1
            sendError(ProtocolError(.invalidToken, "unknown or expired session token"))
            return
        }
        if let identity, identity.subject != seat.identity {
            server.counters.resumesRefused += 1
            sendError(ProtocolError(.invalidToken, "the session token belongs to another identity"))
            return
        }
        room.resume(seat, session: self)
        role = .player(room, seat)
        idleness.moved(to: .room, now: now)
        server.counters.resumes += 1
        send(ServerMessage.welcome(welcome(room: room, playerID: seat.id, token: seat.token)).encoded())
        send(ServerMessage.roster(room.roster).encoded())
    }

    private func spectate(adminToken: String, roomID: String, identity: PlayerIdentity?) {
        if identity?.isAdmin != true {
            if let identity {
                server.counters.breach(.adminToken)
                sendError(ProtocolError(.notAuthorized, "the token of \(identity.subject) has no admin claim"))
                return
            }
            guard let expected = server.configuration.adminToken, !expected.isEmpty else {
                sendError(ProtocolError(.spectatingDisabled, "spectating is off: the server has no admin token"))
                return
            }
            guard constantTimeEqual(Array(adminToken.utf8), Array(expected.utf8)) else {
                server.counters.breach(.adminToken)
                sendError(ProtocolError(.notAuthorized, "wrong admin token"))
                return
            }
        }
        switch role {
        case .player:
            sendError(ProtocolError(.alreadyInRoom, "players cannot spectate; leave first"))
            return
        case .spectator(let current):
            current.removeSpectator(self)
            returnToLobby()
        case .lobby:
            break
        }
        if roomID.isEmpty {
            // Admin room list only (with health).
            send(ServerMessage.roomList(server.localRoomInfos(server.registry.rooms) + (server.directory?.remoteRooms.map(\.info) ?? [])).encoded())
            return
        }
        if roomID.hasPrefix(Self.replayPrefix), server.registry.room(id: roomID) == nil {
            openReplay(String(roomID.dropFirst(Self.replayPrefix.count)))
            return
        }
        guard let room = server.registry.room(id: roomID) else {
            if let listed = server.directory?.remoteRooms.first(where: { $0.info.id == roomID }) {
                server.counters.redirects += 1
                send(ServerMessage.redirect(Redirect(url: listed.url, roomID: roomID)).encoded())
                return
            }
            sendError(ProtocolError(.roomNotFound, "no room \(roomID)"))
            return
        }
        watch(room)
    }

    /// `spectate` names a recording as `replay:ID`.
    static let replayPrefix = "replay:"

    /// Loads a recording (off the loop thread) and watches it in a replay room.
    private func openReplay(_ id: String) {
        guard let library = server.replays else {
            sendError(ProtocolError(.replayUnavailable, "this server keeps no recordings (start it with --record DIR)"))
            return
        }
        guard let entry = library.entry(id) else {
            sendError(ProtocolError(.replayUnavailable, "no replay \(id)"))
            return
        }
        guard !loadingReplay else {
            sendError(ProtocolError(.replayUnavailable, "a replay is still loading for this connection"))
            return
        }
        guard server.registry.room(id: Self.replayPrefix + id) != nil || server.registry.canOpenReplay else {
            sendError(ProtocolError(.replayUnavailable, "\(RoomRegistry.maxReplayRooms) replays are open; try again when one closes"))
            return
        }
        loadingReplay = true
        let loop = connection.stream.loop
        // A file may be a record over the cap it was written under (a lowered cap reads older files too).
        loop.readFile(entry.path, limit: library.maxFileBytes + ReplayFormat.maxRecordBytes) { [self] read in
            guard case .success(let bytes) = read else {
                if case .failure(let error) = read { replayLoaded(id, .failure(ProtocolError(.replayUnavailable, "replay \(id): \(error)"))) }
                return
            }
            let games = server.registry.games
            // Parsing a large recording takes a while: off the loop, so rooms keep their pace.
            loop.runInBackground({ Self.parseReplay(bytes, games: games) }) { [self] parsed in
                replayLoaded(id, parsed.mapError { ProtocolError(.replayUnavailable, "replay \(id): \($0)") })
            }
        }
    }

    private static func parseReplay(_ bytes: [UInt8], games: [GameDefinition])
        -> Result<(file: ReplayFile, game: GameDefinition, level: GameLevel), ReplayError> {
        Result { () throws(ReplayError) in
            let (game, level) = try ReplayFile.header(of: bytes).resolve(in: games)
            return (try ReplayFile(bytes: bytes, layout: game.inputLayout), game, level)
        }
    }

    private func replayLoaded(_ id: String, _ opened: Result<(file: ReplayFile, game: GameDefinition, level: GameLevel), ProtocolError>) {
        loadingReplay = false
        guard isOpen, case .lobby = role else { return }
        switch opened {
        case .success(let replay):
            watch(server.registry.openReplay(id: id, file: replay.file, game: replay.game, level: replay.level))
        case .failure(let error):
            sendError(error)
        }
    }

    private func watch(_ room: Room) {
        room.addSpectator(self)
        role = .spectator(room)
        idleness.moved(to: .watching, now: now)
        ackTick = nil
        send(ServerMessage.spectating(welcome(room: room, playerID: Welcome.spectatorPlayerID, token: Welcome.noSessionToken)).encoded())
        send(ServerMessage.roster(room.roster).encoded())
        if let replay = room.replay {
            send(ServerMessage.replayStatus(replay.status).encoded())
            room.sendReplaySnapshot(to: self)
        }
    }
}

/// What a player name may be: 1...max UTF-8 bytes, no control characters, not blank.
enum PlayerName {
    static func problem(_ name: String, maxBytes: Int) -> String? {
        let bytes = name.utf8.count
        if bytes == 0 || name.allSatisfy({ $0 == " " }) { return "name is empty" }
        if bytes > maxBytes { return "name is \(bytes) bytes; at most \(maxBytes)" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            return "name contains control characters"
        }
        if name.first == " " || name.last == " " { return "name has leading or trailing spaces" }
        return nil
    }
}

extension Session {
    /// Removes an idle player from its room (the error was sent; the connection closes).
    func leaveAfterIdle() {
        if case .player(let room, let seat) = role { room.unseat(seat) }
        returnToLobby()
    }
}
