import Testing
@testable import WebSocket

@Suite struct ServerHandshakeTests {
    static let validHeaders: [HTTPHeader] = [
        HTTPHeader(name: "Host", value: "server.example.com"),
        HTTPHeader(name: "Upgrade", value: "websocket"),
        HTTPHeader(name: "Connection", value: "Upgrade"),
        HTTPHeader(name: "Sec-WebSocket-Key", value: "dGhlIHNhbXBsZSBub25jZQ=="),
        HTTPHeader(name: "Origin", value: "http://example.com"),
        HTTPHeader(name: "Sec-WebSocket-Protocol", value: "chat, superchat"),
        HTTPHeader(name: "Sec-WebSocket-Version", value: "13"),
    ]

    static func head(method: String = "GET", version: String = "HTTP/1.1", replacing name: String? = nil,
                     with value: String? = nil) -> HTTPRequestHead {
        var headers = validHeaders
        if let name {
            headers.removeAll { $0.name == name }
            if let value { headers.append(HTTPHeader(name: name, value: value)) }
        }
        return HTTPRequestHead(method: method, target: "/chat", version: version, headers: headers)
    }

    private func status(_ decision: UpgradeDecision) -> Int? {
        if case .reject(_, let status) = decision { return status }
        return nil
    }

    @Test func acceptsRFCExampleRequest() {
        let decision = ServerHandshake.decide(Self.head(), config: .init())
        guard case .accept(let response, let subprotocol) = decision else {
            Issue.record("expected accept, got \(decision)")
            return
        }
        #expect(subprotocol == nil)
        #expect(String(decoding: response, as: UTF8.self) == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
    }

    @Test func parsedRequestBytesAreAccepted() {
        let request = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: WebSocket\r\n"
            + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        var parser = HTTPRequestParser()
        guard case .complete(let head, _) = Array(request.utf8).withUnsafeBytes({ parser.feed($0) }),
              case .accept = ServerHandshake.decide(head, config: .init()) else {
            Issue.record("expected the parsed request to be accepted")
            return
        }
    }

    @Test func plainRequestIsNotAnUpgrade() {
        let head = HTTPRequestHead(method: "GET", target: "/health", version: "HTTP/1.1", headers: [HTTPHeader(name: "Host", value: "x")])
        #expect(ServerHandshake.decide(head, config: .init()) == .notUpgrade)
    }

    @Test func nonGetIs400() {
        #expect(status(ServerHandshake.decide(Self.head(method: "POST"), config: .init())) == 400)
    }

    @Test func http10Is400() {
        #expect(status(ServerHandshake.decide(Self.head(version: "HTTP/1.0"), config: .init())) == 400)
    }

    @Test(arguments: [
        ("Host", nil), ("Host", ""),
        ("Upgrade", "h2c"),
        ("Connection", nil), ("Connection", "keep-alive"),
        ("Sec-WebSocket-Key", nil), ("Sec-WebSocket-Key", "not base64!"), ("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA="),
        ("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA"), ("Sec-WebSocket-Version", nil),
    ] as [(String, String?)])
    func missingOrBadHeaderIs400(name: String, value: String?) {
        let decision = ServerHandshake.decide(Self.head(replacing: name, with: value), config: .init())
        // A missing Version is 426 (we cannot tell what the client speaks); the rest are 400.
        let expected = name == "Sec-WebSocket-Version" ? 426 : 400
        #expect(status(decision) == expected, "\(name): \(value ?? "missing")")
        if case .reject(let response, _) = decision {
            #expect(String(decoding: response, as: UTF8.self).hasPrefix("HTTP/1.1 \(expected) "))
        }
    }

    @Test func duplicateKeyIs400() {
        var head = Self.head()
        head.headers.append(HTTPHeader(name: "sec-websocket-key", value: "AQIDBAUGBwgJCgsMDQ4PEA=="))
        #expect(status(ServerHandshake.decide(head, config: .init())) == 400)
    }

    /// Two Host lines are refused whether or not the request upgrades (RFC 9112 3.2).
    @Test func twoHostHeadersAre400() {
        var head = Self.head()
        head.headers.append(HTTPHeader(name: "host", value: "elsewhere.example"))
        #expect(status(ServerHandshake.decide(head, config: .init())) == 400)
        let plain = HTTPRequestHead(method: "GET", target: "/health", version: "HTTP/1.1",
                                    headers: [HTTPHeader(name: "Host", value: "a"), HTTPHeader(name: "HOST", value: "b")])
        #expect(status(ServerHandshake.decide(plain, config: .init())) == 400)
        // None at all: 400 on HTTP/1.1, allowed on HTTP/1.0 (which has no Host).
        let hostless = HTTPRequestHead(method: "GET", target: "/health", version: "HTTP/1.1", headers: [])
        #expect(status(ServerHandshake.decide(hostless, config: .init())) == 400)
        let old = HTTPRequestHead(method: "GET", target: "/health", version: "HTTP/1.0", headers: [])
        #expect(ServerHandshake.decide(old, config: .init()) == .notUpgrade)
    }

    @Test func version8Is426WithVersionHeader() {
        let decision = ServerHandshake.decide(Self.head(replacing: "Sec-WebSocket-Version", with: "8"), config: .init())
        guard case .reject(let response, let status) = decision else {
            Issue.record("expected reject")
            return
        }
        #expect(status == 426)
        let text = String(decoding: response, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 426 Upgrade Required\r\n"))
        #expect(text.contains("\r\nSec-WebSocket-Version: 13\r\n"))
        #expect(text.contains("\r\nConnection: close\r\n"))
    }

    @Test func originPolicy() {
        // The RFC example: a page of http://example.com asking server.example.com.
        let sameOnly = ServerHandshakeConfig(origins: .sameOrigin(alsoAllowing: []))
        #expect(status(ServerHandshake.decide(Self.head(), config: sameOnly)) == 403)
        let allowOther = ServerHandshakeConfig(origins: .sameOrigin(alsoAllowing: ["https://game.example"]))
        #expect(status(ServerHandshake.decide(Self.head(), config: allowOther)) == 403)
        let allowThis = ServerHandshakeConfig(origins: .sameOrigin(alsoAllowing: ["https://game.example", "HTTP://EXAMPLE.COM"]))
        guard case .accept = ServerHandshake.decide(Self.head(), config: allowThis) else {
            Issue.record("listed origin (any case) should be accepted")
            return
        }
        guard case .accept = ServerHandshake.decide(Self.head(replacing: "Origin", with: "http://Server.Example.com"), config: sameOnly) else {
            Issue.record("the server's own origin should be accepted")
            return
        }
        guard case .accept = ServerHandshake.decide(Self.head(), config: ServerHandshakeConfig(origins: .any)) else {
            Issue.record("any origin should be accepted with .any")
            return
        }
        // Non-browser clients send no Origin: allowed even with a list.
        guard case .accept = ServerHandshake.decide(Self.head(replacing: "Origin"), config: allowOther) else {
            Issue.record("request without Origin should be accepted")
            return
        }
    }

    @Test func sameOriginComparesHostAndPortWithTheSchemesDefault() {
        let same: [(String, String)] = [
            ("http://127.0.0.1:7777", "127.0.0.1:7777"), ("https://game.example", "game.example"),
            ("https://game.example", "game.example:443"), ("http://game.example:80", "GAME.example"),
            ("http://[::1]:7777", "[::1]:7777"),
        ]
        for (origin, host) in same { #expect(OriginPolicy.isSameOrigin(origin, host: host), "\(origin) vs \(host)") }
        let different: [(String, String)] = [
            ("http://127.0.0.1:7778", "127.0.0.1:7777"), ("http://localhost:7777", "127.0.0.1:7777"),
            ("https://game.example", "game.example:80"), ("http://game.example", "game.example:443"),
            ("null", "game.example"), ("file://", "game.example"), ("http://game.example/", "game.example"),
            ("http://evil.example@game.example", "game.example"), ("ws://game.example", "game.example"),
            ("http://[::1]:7777", "[::2]:7777"), ("http://game.example:x", "game.example:x"),
        ]
        for (origin, host) in different { #expect(!OriginPolicy.isSameOrigin(origin, host: host), "\(origin) vs \(host)") }
        #expect(OriginPolicy.isOrigin("https://game.example:8443"))
        #expect(!OriginPolicy.isOrigin("game.example") && !OriginPolicy.isOrigin("https://game.example/play"))
    }

    @Test func subprotocolNegotiationPicksServerPreference() {
        let config = ServerHandshakeConfig(subprotocols: ["superchat", "chat"])
        guard case .accept(let response, let chosen) = ServerHandshake.decide(Self.head(), config: config) else {
            Issue.record("expected accept")
            return
        }
        #expect(chosen == "superchat")
        #expect(String(decoding: response, as: UTF8.self).contains("\r\nSec-WebSocket-Protocol: superchat\r\n"))
    }

    /// A client offering only protocols the server does not speak (e.g. an old version) is
    /// refused with a 400 that says which it speaks.
    @Test func onlyUnsupportedSubprotocolsAreRefusedClearly() {
        let config = ServerHandshakeConfig(subprotocols: ["tickwire.v2"])
        var head = Self.head(replacing: "Sec-WebSocket-Protocol")
        head.headers.append(HTTPHeader(name: "Sec-WebSocket-Protocol", value: "tickwire.v1"))
        guard case .reject(let response, let status) = ServerHandshake.decide(head, config: config) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(status == 400)
        #expect(String(decoding: response, as: UTF8.self).contains("unsupported subprotocol tickwire.v1; this server speaks tickwire.v2"))
    }

    /// Offering none is fine (the version byte of `join` decides), and so is a server that
    /// names none (the echo server).
    @Test func noSubprotocolOfferedOrNoneSupportedAcceptsWithoutOne() {
        for (offered, supported) in [([String](), ["tickwire.v2"]), (["chat"], [])] {
            var head = Self.head(replacing: "Sec-WebSocket-Protocol")
            for value in offered { head.headers.append(HTTPHeader(name: "Sec-WebSocket-Protocol", value: value)) }
            guard case .accept(let response, let chosen) = ServerHandshake.decide(head, config: ServerHandshakeConfig(subprotocols: supported)) else {
                Issue.record("expected accept for \(offered) against \(supported)")
                continue
            }
            #expect(chosen == nil)
            #expect(!String(decoding: response, as: UTF8.self).contains("Sec-WebSocket-Protocol"))
        }
    }

    @Test func base64RoundTripAndStrictness() {
        let key: [UInt8] = Array(1...16)
        #expect(Base64.encode(key) == "AQIDBAUGBwgJCgsMDQ4PEA==")
        #expect(Base64.decode("AQIDBAUGBwgJCgsMDQ4PEA==") == key)
        #expect(Base64.encode(bytes("Ma")) == "TWE=")
        #expect(Base64.encode(bytes("Man")) == "TWFu")
        #expect(Base64.decode("TWE=") == bytes("Ma"))
        #expect(Base64.decode("TWF=") == nil)   // non-zero padding bits
        #expect(Base64.decode("TW=u") == nil)
        #expect(Base64.decode("TWE") == nil)
    }
}
