import Client
import EventLoop
import TestThreads
import Testing
import Wire
@testable import Server

/// The client's placement deadline: an unanswered join ends the client (BotSwarmTests), an
/// answered one does not.
@Suite(.serialized, .ownThread) struct GameClientDeadlineTests {
    final class Watcher: GameClientDelegate {
        var roomLists = 0
        var disconnects: [String] = []
        func gameClient(_ client: GameClient, didReceiveRooms rooms: [RoomInfo]) { roomLists += 1 }
        func gameClient(_ client: GameClient, didDisconnect reason: String) { disconnects.append(reason) }
    }

    /// A spectate of no room is answered by the room list (the spectator's list screen):
    /// the client is still there after its deadline.
    @Test func aListOnlySpectateIsAnsweredByTheRoomList() throws {
        let (loop, server) = try makeServer { $0.adminToken = "deadline-admin" }
        let client = GameClient(loop: loop)
        client.placementTimeoutMilliseconds = 200
        let watcher = Watcher()
        client.delegate = watcher
        client.connect(host: "127.0.0.1", port: server.port, role: .spectator(adminToken: "deadline-admin", room: ""))
        #expect(runUntil(loop) { watcher.roomLists > 0 })
        var waited = false
        let wait = LoopTimerBox(loop: loop, every: 400) { waited = true }
        #expect(runUntil(loop) { waited })
        wait.close()
        #expect(watcher.disconnects.isEmpty, "\(watcher.disconnects)")
        #expect(client.isConnected)
        client.close()
        tearDown(loop, server, [])
    }
}
