import EventLoop
import Foundation
import TestThreads
import Testing
import TestSupport
@testable import WebSocket

/// wss:// end to end over 127.0.0.1: the echo server with a self-signed certificate, our
/// own client verifying it, and hostile peers on the TLS port.
@Suite(.serialized, .ownThread) struct TLSIntegrationTests {
    /// A client that records the messages echoed back and how the connection ended.
    final class Recorder: WebSocketHandler {
        var received: [[UInt8]] = []
        var closed = false
        func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
            received.append(Array(payload))
        }
        func webSocketDidClose(_ connection: WebSocketConnection, code: CloseCode, reason: String) { closed = true }
    }

    /// A client's outcome: the open connection and what it received, or why it failed.
    final class Client {
        var connection: WebSocketConnection?
        var failure: WebSocketClientError?
        let recorder = Recorder()
        var done: Bool { connection != nil || failure != nil }
    }

    func makeServer(_ loop: EventLoop, _ certificate: TestCertificate, handshakeTimeout: UInt64 = 10_000) throws -> WebSocketServer {
        let echo = EchoHandler()
        let configuration = WebSocketServer.Configuration(
            host: "127.0.0.1", port: 0, deadlines: ConnectionDeadlines(handshakeMilliseconds: handshakeTimeout),
            sweepIntervalMilliseconds: 50)
        let server = try WebSocketServer(loop: loop, configuration: configuration) { connection, _, _ in connection.handler = echo }
        server.tlsContext = try TLSContext.server(certificateFile: certificate.certificateFile, keyFile: certificate.keyFile)
        return server
    }

    func connect(_ loop: EventLoop, port: Int, host: String = "127.0.0.1", tls: TLSContext) -> Client {
        let client = Client()
        WebSocketClient.connect(loop: loop, host: host, port: port, tls: tls) { result in
            switch result {
            case .success(let connection):
                connection.handler = client.recorder
                client.connection = connection
            case .failure(let error):
                client.failure = error
            }
        }
        return client
    }

    func echo(_ loop: EventLoop, _ client: Client, _ message: [UInt8]) -> Bool {
        guard let connection = client.connection else { return false }
        let before = client.recorder.received.count
        message.withUnsafeBytes { connection.sendBinary($0) }
        return run(loop) { client.recorder.received.count > before } && client.recorder.received.last == message
    }

    func finish(_ loop: EventLoop, _ server: WebSocketServer, _ clients: [Client]) {
        for client in clients { client.connection?.close() }
        server.closeAll()
        server.shutdown()
        _ = run(loop, seconds: 2) { server.connections.isEmpty }
    }

    @Test func aVerifyingClientEchoesSmallAndLargeMessagesOverTLS() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let loop = try EventLoop()
        let server = try makeServer(loop, certificate)
        let trusting = try TLSContext.client(caFile: certificate.certificateFile)
        let byAddress = connect(loop, port: server.port, tls: trusting)
        let byName = connect(loop, port: server.port, host: "localhost", tls: trusting)
        #expect(run(loop) { byAddress.done && byName.done })
        #expect(byAddress.failure == nil)
        #expect(byName.failure == nil)
        #expect(echo(loop, byAddress, [1, 2, 3]))
        // Larger than a TLS record (16 KiB) and than one read: many records each way.
        let large = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let largeEchoed = echo(loop, byName, large)
        #expect(largeEchoed)
        #expect(server.connections.allSatisfy { $0.stream.isTLS })
        finish(loop, server, [byAddress, byName])
    }

    @Test func aClientRefusesACertificateItDoesNotTrustOrThatNamesAnotherHost() throws {
        let certificate = try TestCertificate.make()
        let elsewhere = try TestCertificate.make(names: ["DNS:game.example"])
        defer { certificate.remove(); elsewhere.remove() }
        let loop = try EventLoop()
        let server = try makeServer(loop, certificate)
        let systemTrust = connect(loop, port: server.port, tls: try TLSContext.client())
        #expect(run(loop) { systemTrust.done })
        #expect(systemTrust.failure?.description.contains("certificate verify failed") == true, "\(String(describing: systemTrust.failure))")

        server.tlsContext = try TLSContext.server(certificateFile: elsewhere.certificateFile, keyFile: elsewhere.keyFile)
        let wrongHost = connect(loop, port: server.port, tls: try TLSContext.client(caFile: elsewhere.certificateFile))
        #expect(run(loop) { wrongHost.done })
        #expect(wrongHost.failure?.description.contains("certificate verify failed") == true, "\(String(describing: wrongHost.failure))")

        let insecure = connect(loop, port: server.port, tls: try TLSContext.client(verifyPeer: false))
        #expect(run(loop) { insecure.done })
        #expect(insecure.failure == nil)
        #expect(server.counters.tlsFailures == 2)
        finish(loop, server, [insecure])
    }

    /// A renewed certificate: connections opened before keep working, new ones get it.
    @Test func aNewContextServesNewConnectionsAndKeepsOpenOnes() throws {
        let first = try TestCertificate.make(commonName: "first")
        let second = try TestCertificate.make(commonName: "second")
        defer { first.remove(); second.remove() }
        let loop = try EventLoop()
        let server = try makeServer(loop, first)
        let old = connect(loop, port: server.port, tls: try TLSContext.client(caFile: first.certificateFile))
        #expect(run(loop) { old.done })
        server.tlsContext = try TLSContext.server(certificateFile: second.certificateFile, keyFile: second.keyFile)
        let trustsFirst = connect(loop, port: server.port, tls: try TLSContext.client(caFile: first.certificateFile))
        let trustsSecond = connect(loop, port: server.port, tls: try TLSContext.client(caFile: second.certificateFile))
        #expect(run(loop) { trustsFirst.done && trustsSecond.done })
        #expect(trustsFirst.failure != nil, "a new connection still got the old certificate")
        #expect(trustsSecond.failure == nil)
        #expect(echo(loop, old, [7, 7, 7]))
        #expect(echo(loop, trustsSecond, [8]))
        finish(loop, server, [old, trustsSecond])
    }

    @Test func aTLSHandshakeThatNeverFinishesIsCutAtTheHandshakeDeadline() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let loop = try EventLoop()
        let server = try makeServer(loop, certificate, handshakeTimeout: 300)
        // The first bytes of a ClientHello record, and then nothing.
        let stalled = connectRaw(loop, server.port, sending: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01])
        let silent = connectRaw(loop, server.port, sending: [])
        #expect(run(loop) { stalled.closed && silent.closed })
        #expect(server.counters.handshakeTimeouts == 2)
        #expect(server.connections.isEmpty)
        finish(loop, server, [])
    }

    @Test func garbageAndPlainHTTPAreClosedWithoutDisturbingAnOpenConnection() throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let loop = try EventLoop()
        let server = try makeServer(loop, certificate)
        let player = connect(loop, port: server.port, tls: try TLSContext.client(caFile: certificate.certificateFile))
        #expect(run(loop) { player.done })

        let garbage = connectRaw(loop, server.port, sending: Array(repeating: 0xAB, count: 512))
        let plain = connectRaw(loop, server.port, sending: Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(run(loop) { garbage.closed && plain.closed })
        // Garbage gets at most an alert record (content type 21); a plain HTTP request
        // gets a plain 400 that says what to use instead.
        #expect(garbage.received.isEmpty || garbage.received.first == 0x15)
        #expect(plain.text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(plain.text.contains("use https:// or wss://"))
        #expect(server.counters.tlsFailures == 2)
        #expect(echo(loop, player, [42]))
        #expect(server.connections.count == 1)
        finish(loop, server, [player])
    }
}
