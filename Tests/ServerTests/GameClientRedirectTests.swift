import Client
import EventLoop
import TestThreads
import Testing
import WebSocket
import Wire

/// What the Swift client does with redirects no healthy cluster sends: a server here answers
/// every message with the same redirect.
@Suite(.serialized, .ownThread) struct GameClientRedirectTests {
    final class Redirector: WebSocketHandler {
        var redirect: Redirect
        var requests: [ClientMessage] = []
        init(_ redirect: Redirect) { self.redirect = redirect }

        func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
            if let request = try? ClientMessage.decode(Array(payload)[...]) { requests.append(request) }
            ServerMessage.redirect(redirect).encoded().withUnsafeBytes { connection.sendBinary($0) }
        }
        func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) {}
    }

    func redirector(_ loop: EventLoop, _ redirect: Redirect) throws -> (WebSocketServer, Redirector) {
        let handler = Redirector(redirect)
        let server = try WebSocketServer(loop: loop, configuration: .init(
            host: "127.0.0.1", port: 0, handshake: ServerHandshakeConfig(subprotocols: [ProtocolVersion.subprotocol])),
            onOpen: { connection, _, _ in connection.handler = handler })
        return (server, handler)
    }

    @Test func redirectsInALoopEndAtTheLimit() throws {
        let loop = try EventLoop()
        let (server, handler) = try redirector(loop, Redirect(url: "", roomID: "loop"))
        defer { server.shutdown() }
        handler.redirect.url = "ws://127.0.0.1:\(server.port)/"
        let player = ClusterPlayer(loop)
        player.client.connect(host: "127.0.0.1", port: server.port, role: .player(name: "ada", target: .room("loop")))
        #expect(runUntil(loop) { !player.disconnects.isEmpty })
        #expect(player.disconnects.first?.contains("more than 3 redirects in a row") == true, "\(player.disconnects)")
        // The first join, then the same join after each of the 3 redirects followed (none held a seat).
        #expect(handler.requests.count == 4)
        #expect(Set(handler.requests.map { "\($0)" }).count == 1)
        #expect(player.client.redirectsFollowed == 3)
    }

    @Test(arguments: ["http://127.0.0.1:1/", "ws://", "ws://127.0.0.1:99999/", "not a url"])
    func aRedirectToAnUnusableURLEndsTheConnectionWithItsReason(url: String) throws {
        let loop = try EventLoop()
        let (server, _) = try redirector(loop, Redirect(url: url, roomID: "r", reservation: Array(repeating: 1, count: 16)))
        defer { server.shutdown() }
        let player = ClusterPlayer(loop)
        player.client.connect(host: "127.0.0.1", port: server.port, role: .player(name: "ada", target: .any))
        #expect(runUntil(loop) { !player.disconnects.isEmpty })
        #expect(player.disconnects.first?.contains("the server redirected to bad URL") == true, "\(player.disconnects)")
        #expect(player.welcomes.isEmpty && player.client.redirectsFollowed == 0)
    }
}
