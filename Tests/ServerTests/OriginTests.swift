import EventLoop
import Testing
@testable import Server

/// The Origin allow-list: browsers from other origins get 403; listed origins and
/// non-browser clients (no Origin header) are let in.
@Suite(.serialized) struct OriginTests {
    @Test func onlyListedBrowserOriginsMayConnect() throws {
        let (loop, server) = try makeServer { $0.allowedOrigins = ["https://game.example"] }
        let port = server.port
        let stranger = RawClient.connect(loop: loop, port: port) {
            $0.send(RawClient.upgradeRequest(port: port, extraHeaders: ["Origin: https://evil.example"]))
        }
        let friend = RawClient.connect(loop: loop, port: port) {
            $0.send(RawClient.upgradeRequest(port: port, extraHeaders: ["Origin: https://game.example"]))
        }
        #expect(runUntil(loop) { stranger.statusCode != nil && friend.statusCode != nil })
        #expect(stranger.statusCode == 403)
        #expect(friend.statusCode == 101)
        #expect(runUntil(loop) { stranger.closed })
        // A bot (no Origin header) still joins.
        let bot = TestClient.connect(loop: loop, port: port) { $0.join("bot") }
        #expect(runUntil(loop) { bot.welcome != nil })
        friend.close()
        tearDown(loop, server, [bot])
    }
}
