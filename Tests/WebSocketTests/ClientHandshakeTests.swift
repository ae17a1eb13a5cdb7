import Testing
@testable import WebSocket

@Suite struct ClientHandshakeTests {
    static let key: [UInt8] = Array(1...16)

    /// Runs the client's request through the real server parser and decision.
    private func serverResponse(for client: ClientHandshake, config: ServerHandshakeConfig = .init()) -> [UInt8]? {
        var parser = HTTPRequestParser()
        guard case .complete(let head, let consumed) = client.requestBytes.withUnsafeBytes({ parser.feed($0) }),
              consumed == client.requestBytes.count,
              case .accept(let response, _) = ServerHandshake.decide(head, config: config) else { return nil }
        return response
    }

    @Test func requestBytes() {
        let client = ClientHandshake(host: "localhost:9000", path: "/play", subprotocols: ["a", "b"], key: Self.key)
        #expect(String(decoding: client.requestBytes, as: UTF8.self) == "GET /play HTTP/1.1\r\nHost: localhost:9000\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: a, b\r\n\r\n")
    }

    @Test func roundTripWithServerHandshake() throws {
        var client = ClientHandshake(host: "localhost", path: "/", subprotocols: ["tickwire.v1"], key: Self.key)
        let response = try #require(serverResponse(for: client, config: .init(subprotocols: ["tickwire.v1"])))
        #expect(response.withUnsafeBytes { client.feed($0) } == .accepted(subprotocol: "tickwire.v1", consumed: response.count))
    }

    @Test func responseSplitAcrossFeedsWithFramesFollowing() throws {
        var client = ClientHandshake(host: "localhost", path: "/", key: Self.key)
        let response = try #require(serverResponse(for: client))
        let frameBytes = hex("81 05 48 65 6c 6c 6f")
        let stream = response + frameBytes
        let cut = 20
        #expect(stream[..<cut].withUnsafeBytes { client.feed($0) } == .needMore)
        let result = stream[cut...].withUnsafeBytes { client.feed($0) }
        #expect(result == .accepted(subprotocol: nil, consumed: response.count - cut))
        // What was not consumed is the server's first frame.
        let leftover = Array(stream[(cut + response.count - cut)...])
        #expect(readAll(leftover, role: .client) == ReadResult(events: [.text("Hello")]))
    }

    @Test func wrongAcceptKeyFails() {
        var client = ClientHandshake(host: "localhost", path: "/", key: Self.key)
        let response = Array(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").utf8)
        #expect(response.withUnsafeBytes { client.feed($0) } == .failed("wrong Sec-WebSocket-Accept"))
    }

    @Test func non101StatusFails() {
        var client = ClientHandshake(host: "localhost", path: "/", key: Self.key)
        let response = HTTPResponse.make(status: 403, reason: "Forbidden")
        #expect(response.withUnsafeBytes { client.feed($0) } == .failed("unexpected status 403"))
    }

    @Test func missingUpgradeHeaderFails() {
        var client = ClientHandshake(host: "localhost", path: "/", key: Self.key)
        let accept = ServerHandshake.acceptKey(for: "AQIDBAUGBwgJCgsMDQ4PEA==")
        let response = Array("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(accept)\r\n\r\n".utf8)
        #expect(response.withUnsafeBytes { client.feed($0) } == .failed("missing Upgrade: websocket"))
    }

    @Test func subprotocolNotOfferedFails() {
        var client = ClientHandshake(host: "localhost", path: "/", subprotocols: ["a"], key: Self.key)
        let accept = ServerHandshake.acceptKey(for: "AQIDBAUGBwgJCgsMDQ4PEA==")
        let response = Array(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: \(accept)\r\nSec-WebSocket-Protocol: b\r\n\r\n").utf8)
        #expect(response.withUnsafeBytes { client.feed($0) } == .failed("server chose a subprotocol we did not offer"))
    }

    @Test func oversizedResponseHeadFails() {
        var client = ClientHandshake(host: "localhost", path: "/", key: Self.key)
        let response = Array(("HTTP/1.1 101 Switching Protocols\r\nX-Pad: " + String(repeating: "a", count: 9000)).utf8)
        #expect(response.withUnsafeBytes { client.feed($0) } == .failed("response head over 8192 bytes"))
    }
}
