import EventLoop
import TestThreads
import Testing
@testable import Server

/// The Origin rule: pages of the server's own origin, listed origins and non-browser
/// clients (no Origin header) are let in; pages of any other origin get 403.
@Suite(.serialized, .ownThread) struct OriginTests {
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

    @Test func byDefaultOnlyTheServersOwnPagesMayConnect() throws {
        let (loop, server) = try makeServer { _ in }
        let port = server.port
        let ownPage = RawClient.connect(loop: loop, port: port) {
            $0.send(RawClient.upgradeRequest(port: port, extraHeaders: ["Origin: http://127.0.0.1:\(port)"]))
        }
        let otherPort = RawClient.connect(loop: loop, port: port) {
            $0.send(RawClient.upgradeRequest(port: port, extraHeaders: ["Origin: http://127.0.0.1:\(port + 1)"]))
        }
        #expect(runUntil(loop) { ownPage.statusCode != nil && otherPort.statusCode != nil })
        #expect(ownPage.statusCode == 101)
        #expect(otherPort.statusCode == 403)
        ownPage.close()
        tearDown(loop, server, [])
    }

    @Test func anOriginWithAPathIsAConfigurationError() {
        var configuration = ServerConfiguration()
        configuration.allowedOrigins = ["https://game.example/", "*", "https://ok.example:8443"]
        #expect(configuration.problems() == [
            "allowed-origin \"https://game.example/\" is not an origin: write scheme://host[:port], such as https://game.example, with no path",
        ])
    }
}
