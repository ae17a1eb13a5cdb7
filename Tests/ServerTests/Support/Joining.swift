import EventLoop
import Testing
import Wire
@testable import Server

/// After a limit was breached: a fresh client can still connect and join (the server serves on).
func expectFreshClientJoins(_ loop: EventLoop, _ server: GameServer, name: String = "fresh",
                            _ target: JoinTarget = .any, sourceLocation: SourceLocation = #_sourceLocation) -> TestClient {
    let fresh = TestClient.connect(loop: loop, port: server.port) { $0.join(name, target) }
    let joined = runUntil(loop) { fresh.welcome != nil || fresh.connectError != nil || !fresh.errors.isEmpty }
    #expect(joined && fresh.welcome != nil,
            "a fresh client could not join: \(String(describing: fresh.connectError)) \(fresh.errors.map(\.message))",
            sourceLocation: sourceLocation)
    return fresh
}

/// The server-side session of a player, by its player id.
func session(of player: UInt16, in server: GameServer) -> Session? {
    server.sessions.values.first { session in
        if case .player(_, let seat) = session.role { return seat.id == player }
        return false
    }
}
