import Auth
import Wire

/// Joins and resumes on a node of a cluster: the directory places the player, here or on
/// another node (a `redirect`). The answer comes within the directory's reply deadline;
/// meanwhile the session is `placing`.
extension Session {
    func joinThroughDirectory(_ directory: Directory, name: String, target: JoinTarget, identity: PlayerIdentity?) {
        let registry = server.registry
        switch target {
        case .reservation(let token):
            placing = true
            directory.redeem(token) { [self] redeemed in
                placing = false
                guard isOpen, case .lobby = role else {
                    if case .success(let placed) = redeemed { directory.seatReleased(in: placed.room) }
                    return
                }
                switch redeemed {
                case .failure(let error):
                    sendError(error)
                case .success(let placed):
                    if let allowed = identity?.rooms, !allowed.contains(placed.room) {
                        directory.seatReleased(in: placed.room)
                        refuse(.roomNotAllowed("the token allows rooms \(allowed.joined(separator: ", ")) only"))
                        return
                    }
                    seatPlaced(directory, room: placed.room, game: placed.game, level: placed.level, name: name, identity: identity)
                }
            }
            return
        case .room(let id):
            guard RoomID.isValid(id) else {
                sendError(ProtocolError(.valueOutOfRange, "room id must be 1-32 characters of A-Z a-z 0-9 _ -"))
                return
            }
            let game = registry.defaultGame
            place(directory, .room(id: id, game: game.name, level: game.defaultLevel.key,
                                   capacity: registry.capacity(of: game.defaultLevel)), name: name, identity: identity)
        case .any:
            let game = registry.defaultGame
            place(directory, .level(game: game.name, level: "", newLevel: game.defaultLevel.key,
                                    capacity: registry.capacity(of: game.defaultLevel),
                                    newID: RoomRegistry.clusterRoomID(level: game.defaultLevel)), name: name, identity: identity)
        case .level:
            // The same checks as a single node's, with the same errors.
            guard case .success(let (game, level)) = registry.gameAndLevel(for: target) else {
                if case .failure(let error) = registry.gameAndLevel(for: target) { sendError(error) }
                return
            }
            place(directory, .level(game: game.name, level: level.key, newLevel: level.key, capacity: registry.capacity(of: level),
                                    newID: RoomRegistry.clusterRoomID(level: level)), name: name, identity: identity)
        }
    }

    private func place(_ directory: Directory, _ request: PlacementRequest, name: String, identity: PlayerIdentity?) {
        placing = true
        directory.place(request) { [self] placement in
            placing = false
            guard isOpen, case .lobby = role else {
                // Gone meanwhile: the seat the directory counted here is given back.
                if case .success(.here(let room, _, _)) = placement { directory.seatReleased(in: room) }
                return
            }
            switch placement {
            case .failure(let error):
                if error.code == .roomFull { server.counters.breach(.playersPerRoom) }
                sendError(error)
            case .success(.elsewhere(let redirect)):
                send(ServerMessage.redirect(redirect).encoded())
            case .success(.here(let room, let game, let level)):
                seatPlaced(directory, room: room, game: game, level: level, name: name, identity: identity)
            }
        }
    }

    private func seatPlaced(_ directory: Directory, room id: String, game: String, level: String, name: String,
                            identity: PlayerIdentity?) {
        switch server.registry.placed(id: id, game: game, level: level) {
        case .failure(let error):
            directory.seatReleased(in: id)
            sendError(error)
        case .success(let room):
            guard !room.isFull else {
                directory.seatReleased(in: id)
                server.counters.breach(.playersPerRoom)
                sendError(ProtocolError(.roomFull, "room \(room.id) is full (\(room.settings.capacity) players)"))
                return
            }
            if !sit(in: room, name: name, identity: identity) { directory.seatReleased(in: id) }
        }
    }

    /// A session token this node holds no seat for: the directory knows whether another does.
    func resumeElsewhere(_ directory: Directory, token: [UInt8]) {
        placing = true
        directory.findSession(token) { [self] found in
            placing = false
            guard isOpen, case .lobby = role else { return }
            switch found {
            case .failure(let error):
                sendError(error)
            case .success(let url?):
                server.counters.redirects += 1
                send(ServerMessage.redirect(Redirect(url: url, roomID: "")).encoded())
            case .success(nil):
                server.counters.resumesRefused += 1
                sendError(ProtocolError(.invalidToken, "unknown or expired session token (no live node holds its seat)"))
            }
        }
    }
}

extension ClientMessage {
    /// Messages that must wait until a pending placement is answered.
    var waitsForPlacement: Bool {
        switch self {
        case .join, .resume, .spectate: return true
        default: return false
        }
    }
}
