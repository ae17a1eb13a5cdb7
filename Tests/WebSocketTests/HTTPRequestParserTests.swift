import Testing
@testable import WebSocket

@Suite struct HTTPRequestParserTests {
    static let request = "GET /play?room=1 HTTP/1.1\r\nHost: game.example:8080\r\nUpgrade: websocket\r\n"
        + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n"

    private func parse(_ text: String, limits: HandshakeLimits = .init()) -> HTTPParseResult {
        var parser = HTTPRequestParser(limits: limits)
        return Array(text.utf8).withUnsafeBytes { parser.feed($0) }
    }

    @Test func parsesRequestLineAndHeaders() throws {
        guard case .complete(let head, let consumed) = parse(Self.request) else {
            Issue.record("expected a complete head")
            return
        }
        #expect(consumed == Self.request.utf8.count)
        #expect(head.method == "GET")
        #expect(head.target == "/play?room=1")
        #expect(head.version == "HTTP/1.1")
        #expect(head.headers.count == 5)
        #expect(head.first("host") == "game.example:8080")
        #expect(head.first("SEC-WEBSOCKET-KEY") == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(head.tokens("connection") == ["keep-alive", "upgrade"])
        #expect(head.first("Missing") == nil)
    }

    @Test func tokensSpanRepeatedHeadersAndTrim() {
        guard case .complete(let head, _) = parse("GET / HTTP/1.1\r\nX-A: One ,two\r\nx-a:\tTHREE,,\r\n\r\n") else {
            Issue.record("expected a complete head")
            return
        }
        #expect(head.tokens("X-A") == ["one", "two", "three"])
    }

    @Test func needsMoreUntilBlankLineEvenWhenSplitAnywhere() {
        let whole = Array(Self.request.utf8)
        for cut in 1..<whole.count {
            var parser = HTTPRequestParser()
            let first = whole[..<cut].withUnsafeBytes { parser.feed($0) }
            #expect(first == .needMore, "cut \(cut)")
            let second = whole[cut...].withUnsafeBytes { parser.feed($0) }
            guard case .complete(let head, let consumed) = second else {
                Issue.record("cut \(cut): \(second)")
                return
            }
            #expect(consumed == whole.count - cut)
            #expect(head.first("Sec-WebSocket-Version") == "13")
        }
    }

    @Test func oneByteAtATime() {
        var parser = HTTPRequestParser()
        var results: [HTTPParseResult] = []
        for byte in Self.request.utf8 {
            results.append([byte].withUnsafeBytes { parser.feed($0) })
        }
        #expect(results.dropLast().allSatisfy { $0 == .needMore })
        guard case .complete(_, let consumed) = results.last else {
            Issue.record("expected completion on the last byte")
            return
        }
        #expect(consumed == 1)
    }

    @Test func bytesAfterTheHeadAreNotConsumed() {
        let frameBytes = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")
        let buffer = Array(Self.request.utf8) + frameBytes
        var parser = HTTPRequestParser()
        guard case .complete(_, let consumed) = buffer.withUnsafeBytes({ parser.feed($0) }) else {
            Issue.record("expected a complete head")
            return
        }
        #expect(consumed == buffer.count - frameBytes.count)
        // The leftover is exactly the frame, which a reader then decodes.
        #expect(readAll(Array(buffer[consumed...])) == ReadResult(events: [.text("Hello")]))
    }

    @Test func headOverMaxHeaderBytesIs431() {
        let big = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + String(repeating: "a", count: 9000) + "\r\n\r\n"
        #expect(parse(big) == .failed(status: 431, reason: "request head too large"))
        // Also when it arrives in small pieces and never ends.
        var parser = HTTPRequestParser()
        var last = HTTPParseResult.needMore
        let chunk = Array("X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".utf8)
        for _ in 0..<300 where last == .needMore {
            last = chunk.withUnsafeBytes { parser.feed($0) }
        }
        #expect(last == .failed(status: 431, reason: "request head too large"))
    }

    @Test func headAtExactlyTheLimitIsAccepted() {
        let limits = HandshakeLimits(maxHeaderBytes: 64)
        let base = "GET / HTTP/1.1\r\nX: "
        let padding = String(repeating: "a", count: 64 - base.utf8.count - 4)
        let exact = base + padding + "\r\n\r\n"
        #expect(exact.utf8.count == 64)
        guard case .complete = parse(exact, limits: limits) else {
            Issue.record("64-byte head should fit a 64-byte limit")
            return
        }
        #expect(parse(base + padding + "a\r\n\r\n", limits: limits) == .failed(status: 431, reason: "request head too large"))
    }

    @Test func tooManyHeadersIs431() {
        let headers = (0..<65).map { "X-\($0): v\r\n" }.joined()
        #expect(parse("GET / HTTP/1.1\r\n" + headers + "\r\n") == .failed(status: 431, reason: "too many headers"))
        let ok = (0..<64).map { "X-\($0): v\r\n" }.joined()
        guard case .complete = parse("GET / HTTP/1.1\r\n" + ok + "\r\n") else {
            Issue.record("64 headers should be accepted")
            return
        }
    }

    @Test(arguments: [
        "GET /\r\n\r\n",                                   // no version
        "GET  / HTTP/1.1\r\n\r\n",                         // double space
        "GET / HTTQ/1.1\r\n\r\n",                          // bad version
        "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\nName : x\r\n\r\n",              // space before colon
        "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",       // obsolete line folding
        "GET / HTTP/1.1\r\nA: b\nC: d\r\n\r\n",            // bare LF
        "GET / HTTP/1.1\r\nA: b\u{0}c\r\n\r\n",            // NUL in value
        "G(T / HTTP/1.1\r\n\r\n",                          // bad method token
    ])
    func malformedHeadsAre400(text: String) {
        guard case .failed(let status, _) = parse(text) else {
            Issue.record("expected failure for \(text.debugDescription)")
            return
        }
        #expect(status == 400)
    }

    /// A head whose lines end with LF or CR alone never reaches CRLFCRLF: it is refused as
    /// soon as the byte after the CR, or the LF, arrives, not left to the handshake deadline.
    @Test(arguments: [
        ["GET / HTTP/1.1\nHost: x\n\n"],
        ["GET / HTTP/1.1\r", "\nHost: x\n"],
        ["GET / HTTP/1.1\r\nHost: x\r\nA: b\n"],
        ["\n"],
        ["GET /health HTTP/1.1\rHost: x\r\r"],
        ["GET / HTTP/1.1\r", "Host: x"],
        ["GET / HTTP/1.1\r\nHost: x\r\r\n"],
    ])
    func aBareLineEndIs400AtOnce(feeds: [String]) {
        var parser = HTTPRequestParser()
        let results = feeds.map { feed in Array(feed.utf8).withUnsafeBytes { parser.feed($0) } }
        #expect(results.dropLast().allSatisfy { $0 == .needMore }, "\(results)")
        #expect(results.last == .failed(status: 400, reason: "bare CR or LF in head (lines end with CRLF)"))
    }

    @Test(arguments: [
        ("http://127.0.0.1:7777/health", "/health"),
        ("HTTPS://game.example/rooms?x=1", "/rooms?x=1"),
        ("http://game.example", "/"),
        ("http://game.example?x=1", "/?x=1"),
        ("/replays/a.twr", "/replays/a.twr"),
    ])
    func anAbsoluteTargetIsReadAsItsPath(target: String, path: String) {
        guard case .complete(let head, _) = parse("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n") else {
            Issue.record("expected a complete head")
            return
        }
        #expect(head.target == path)
    }

    @Test func http2VersionIs505() {
        guard case .failed(let status, _) = parse("GET / HTTP/2.0\r\n\r\n") else {
            Issue.record("expected failure")
            return
        }
        #expect(status == 505)
    }

    @Test func failureIsSticky() {
        var parser = HTTPRequestParser()
        let bad = Array("BAD\r\n\r\n".utf8)
        let first = bad.withUnsafeBytes { parser.feed($0) }
        let second = Array(Self.request.utf8).withUnsafeBytes { parser.feed($0) }
        #expect(first == second)
        guard case .failed(400, _) = second else {
            Issue.record("expected sticky 400")
            return
        }
    }

    @Test func parsesASecondRequestAfterCompletion() {
        var parser = HTTPRequestParser()
        let two = Array(("GET /health HTTP/1.1\r\nHost: a\r\n\r\n" + "GET /rooms HTTP/1.1\r\nHost: a\r\n\r\n").utf8)
        guard case .complete(let first, let consumed) = two.withUnsafeBytes({ parser.feed($0) }) else {
            Issue.record("expected first request")
            return
        }
        #expect(first.target == "/health")
        guard case .complete(let second, _) = two[consumed...].withUnsafeBytes({ parser.feed($0) }) else {
            Issue.record("expected second request")
            return
        }
        #expect(second.target == "/rooms")
    }

    @Test func responseBuilderFormat() {
        let response = HTTPResponse.make(
            status: 200, reason: "OK", headers: [HTTPHeader(name: "Content-Type", value: "text/plain")], body: bytes("ok")
        )
        #expect(String(decoding: response, as: UTF8.self)
            == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        let keepAlive = HTTPResponse.make(status: 204, reason: "No Content", close: false)
        #expect(String(decoding: keepAlive, as: UTF8.self) == "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
    }
}
