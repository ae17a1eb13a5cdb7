import EventLoop
import TestThreads
import Testing
@testable import WebSocket

/// The transport end to end over 127.0.0.1: `WebSocketServer` with the echo handler,
/// driven by a raw TCP client so the test controls every byte.
@Suite(.serialized, .ownThread) struct EchoServerIntegrationTests {
    static let upgrade = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

    func makeServer(_ loop: EventLoop, closeTimeout: UInt64 = 5_000) throws -> WebSocketServer {
        let echo = EchoHandler()
        let configuration = WebSocketServer.Configuration(
            host: "127.0.0.1", port: 0, deadlines: ConnectionDeadlines(closingMilliseconds: closeTimeout),
            sweepIntervalMilliseconds: 50)
        return try WebSocketServer(loop: loop, configuration: configuration) { connection, _, _ in connection.handler = echo }
    }


    func finish(_ loop: EventLoop, _ server: WebSocketServer, _ clients: [RawPeer]) {
        for client in clients { client.stream?.close() }
        server.closeAll()
        server.shutdown()
        _ = run(loop, seconds: 1) { server.connections.isEmpty }
    }

    @Test func framesSentWithTheHandshakeAreEchoed() throws {
        let loop = try EventLoop()
        let server = try makeServer(loop)
        // The upgrade and two masked frames in one write: the server must not lose them.
        let request = Array(Self.upgrade.utf8) + frame(0x2, [1, 2, 3]) + frame(0x1, Array("hé".utf8))
        let raw = connectRaw(loop, server.port, sending: request)
        let echoed: [UInt8] = [0x82, 0x03, 1, 2, 3, 0x81, 0x03] + Array("hé".utf8)
        #expect(run(loop) { raw.closed || Array(raw.received.suffix(echoed.count)) == echoed })
        #expect(raw.text.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"))
        #expect(raw.text.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"))
        #expect(Array(raw.received.suffix(echoed.count)) == echoed)
        finish(loop, server, [raw])
    }

    @Test func healthAnswers200AndOtherPaths404ThenClose() throws {
        let loop = try EventLoop()
        let server = try makeServer(loop)
        let health = connectRaw(loop, server.port, sending: Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let missing = connectRaw(loop, server.port, sending: Array("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let garbage = connectRaw(loop, server.port, sending: Array("HELLO\r\n\r\n".utf8))
        #expect(run(loop) { health.closed && missing.closed && garbage.closed })
        #expect(health.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(health.text.hasSuffix("ok\n"))
        #expect(missing.text.hasPrefix("HTTP/1.1 404 "))
        #expect(garbage.text.hasPrefix("HTTP/1.1 400 "))
        finish(loop, server, [])
    }

    @Test func anUnmaskedClientFrameIsClosedWith1002() throws {
        let loop = try EventLoop()
        let server = try makeServer(loop)
        let raw = connectRaw(loop, server.port, sending: Array(Self.upgrade.utf8) + frame(0x2, [9], mask: nil))
        #expect(run(loop) { raw.closed })
        // After the 101 response: a close frame with code 1002, then the TCP connection ends.
        let response = raw.text.range(of: "\r\n\r\n").map { raw.text.utf8.distance(from: raw.text.startIndex, to: $0.upperBound) } ?? 0
        let after = Array(raw.received[response...])
        #expect(after.count >= 4)
        #expect(after.first == 0x88)
        #expect(after.count >= 4 && (UInt16(after[2]) << 8 | UInt16(after[3])) == 1002)
        finish(loop, server, [])
    }

    @Test func aPeerThatNeverAnswersOurCloseIsCutAtTheCloseTimeout() throws {
        let loop = try EventLoop()
        let server = try makeServer(loop, closeTimeout: 200)
        let raw = connectRaw(loop, server.port, sending: Array(Self.upgrade.utf8))
        #expect(run(loop) { server.connections.first?.isOpen == true })
        server.connections.first?.close(code: .goingAway, reason: "bye")
        // The raw client reads the close frame but never answers it: reset at the deadline
        // (the exact time is the lifecycle rule's, tested on a fake clock).
        #expect(run(loop, seconds: 2) { raw.closed })
        #expect(server.counters.closeTimeouts == 1)
        #expect(raw.received.contains(0x88))
        finish(loop, server, [raw])
    }

    @Test func aPeerThatAnswersOurCloseEndsTheHandshakeAtOnce() throws {
        let loop = try EventLoop()
        let server = try makeServer(loop, closeTimeout: 5_000)
        var closedWith: (CloseCode, String)?
        final class Recorder: WebSocketHandler {
            var onClose: ((CloseCode, String) -> Void)?
            func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {}
            func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) { onClose?(code, reason) }
        }
        let recorder = Recorder()
        recorder.onClose = { closedWith = ($0, $1) }
        var client: WebSocketConnection?
        WebSocketClient.connect(loop: loop, host: "127.0.0.1", port: server.port) { result in
            if case .success(let connection) = result {
                connection.handler = recorder
                client = connection
            }
        }
        #expect(run(loop) { client != nil && server.connections.first?.isOpen == true })
        server.connections.first?.close(code: .goingAway, reason: "maintenance")
        #expect(run(loop) { closedWith != nil && server.connections.isEmpty })
        #expect(closedWith?.0 == .goingAway)
        #expect(closedWith?.1 == "maintenance")
        #expect(server.counters.closeTimeouts == 0)
        finish(loop, server, [])
    }

    /// An upgraded raw peer that reads no more, and small kernel buffers on both sides, so
    /// what the server sends it piles up in the server's queue.
    private func upgradedPeerThatStopsReading() throws -> (EventLoop, WebSocketServer, RawPeer, WebSocketConnection) {
        let loop = try EventLoop()
        let server = try makeServer(loop, closeTimeout: 300)
        let raw = connectRaw(loop, server.port, sending: Array(Self.upgrade.utf8))
        #expect(run(loop) { server.connections.first?.isOpen == true && !raw.received.isEmpty })
        let serverSide = try #require(server.connections.first)
        serverSide.stream.setKernelBufferSizes(send: 4096)
        raw.stream?.setKernelBufferSizes(receive: 4096)
        raw.stream?.stopReading()
        return (loop, server, raw, serverSide)
    }

    /// A peer that floods pings and never reads gets no more pongs once 64 KiB wait to be
    /// sent: the queue stays bounded (a hostile server did this to the bots: 4 GB of pongs).
    @Test func pingsOfAPeerThatNeverReadsCannotGrowTheQueue() throws {
        let (loop, server, raw, serverSide) = try upgradedPeerThatStopsReading()
        let ping = frame(0x9, [UInt8](repeating: 7, count: 125))
        var pings: [UInt8] = []
        for _ in 0..<2_000 { pings += ping }
        // A close frame last: once the server has read it, it has read every ping before it.
        pings += frame(0x8, [0x03, 0xE8])
        pings.withUnsafeBytes { bytes in raw.stream?.write(bytes) }
        #expect(run(loop) { !serverSide.isOpen }, "the server never read the pings")
        // The pongs stopped at the bound (2,000 of them would be 254 KB), plus the close echo.
        #expect(serverSide.queuedBytes > 32 * 1024)
        #expect(serverSide.queuedBytes <= WebSocketConnection.maxQueuedBytesForPong + 127 + 4)
        finish(loop, server, [raw])
    }

    /// Defect: a peer that stops reading, lets the server's queue fill, then sends a close
    /// frame (or breaks the protocol) kept its socket for ever. Now the closing deadline
    /// resets it, queue and all.
    @Test(arguments: [false, true])
    func aNonReadingPeerThatClosesOrMisbehavesIsResetAtTheClosingDeadline(violation: Bool) throws {
        let (loop, server, raw, serverSide) = try upgradedPeerThatStopsReading()
        // Echoes pile up in the server's queue: the peer never reads them.
        let message = [UInt8](repeating: 7, count: 16 * 1024)
        for _ in 0..<64 { raw.stream.map { stream in frame(0x2, message).withUnsafeBytes { stream.write($0) } } }
        #expect(run(loop) { serverSide.queuedBytes > 64 * 1024 }, "the server's queue never filled")
        let last = violation ? frame(0x2, [1], mask: nil) : frame(0x8, [0x03, 0xE8])
        last.withUnsafeBytes { bytes in raw.stream?.write(bytes) }
        #expect(run(loop) { !serverSide.isOpen })
        #expect(run(loop, seconds: 2) { server.connections.isEmpty }, "the closing connection is still there")
        #expect(server.counters.closeTimeouts == 1)
        finish(loop, server, [raw])
    }
}
