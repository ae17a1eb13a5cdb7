import EventLoop
import TestThreads
import Testing
import WebSocket
import Wire
@testable import Server

/// Issue 3 "must show" 3, over the wire: a client sending bad messages gets the
/// documented error and close code, while the server and the other players carry on.
@Suite(.serialized, .ownThread) struct BadInputIntegrationTests {
    static let badMessages: [(name: String, bytes: [UInt8], code: ErrorCode)] = [
        ("truncated input", [0x02, 0x00], .malformedMessage),
        ("unknown kind", [0x42], .unknownMessageKind),
        ("out-of-range move", [0x02, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00, 0x00], .valueOutOfRange),
        ("wrong version", [0x01, 0x09, 0x01, 0x61, 0x00], .unsupportedVersion),
        ("trailing garbage", [0x03, 0xFF], .malformedMessage),
    ]

    @Test(arguments: 0..<badMessages.count)
    func badMessageIsAnsweredAndOthersAreUnaffected(_ index: Int) throws {
        let bad = Self.badMessages[index]
        let (loop, server) = try makeServer()
        let victim = TestClient.connect(loop: loop, port: server.port) { $0.join("victim", .room("r")) }
        let offender = TestClient.connect(loop: loop, port: server.port) { $0.join("offender", .room("r")) }
        #expect(runUntil(loop) { victim.welcome != nil && offender.welcome != nil && victim.snapshotHeaders.count > 2 })
        offender.sendRaw(bad.bytes)
        #expect(runUntil(loop) { offender.closed != nil }, "\(bad.name): offender not closed")
        #expect(offender.errors.last?.code == bad.code, "\(bad.name)")
        #expect(offender.closed?.code == .policyViolation, "\(bad.name)")
        // The victim keeps receiving snapshots and applying them, with no error.
        let before = victim.snapshotHeaders.count
        #expect(runUntil(loop) { victim.snapshotHeaders.count >= before + 10 })
        #expect(victim.isOpen)
        #expect(victim.errors.isEmpty)
        #expect(victim.snapshotErrors.isEmpty)
        // And the server still takes new players.
        let newcomer = TestClient.connect(loop: loop, port: server.port) { $0.join("newcomer", .room("r")) }
        #expect(runUntil(loop) { newcomer.welcome != nil })
        tearDown(loop, server, [victim, offender, newcomer])
    }

    @Test func oversizedMessageClosesWith1009AndOthersPlayOn() throws {
        let (loop, server) = try makeServer { $0.maxMessageBytes = 256 }
        let victim = TestClient.connect(loop: loop, port: server.port) { $0.join("victim", .room("r")) }
        let offender = TestClient.connect(loop: loop, port: server.port) { $0.join("offender", .room("r")) }
        #expect(runUntil(loop) { victim.welcome != nil && offender.welcome != nil })
        offender.sendRaw([UInt8](repeating: 0x02, count: 10_000))
        #expect(runUntil(loop) { offender.closed != nil })
        #expect(offender.closed?.code == .messageTooBig)
        let before = victim.snapshotHeaders.count
        #expect(runUntil(loop) { victim.snapshotHeaders.count >= before + 10 })
        #expect(victim.isOpen && victim.errors.isEmpty)
        tearDown(loop, server, [victim, offender])
    }

    @Test func nonFatalErrorsKeepTheConnection() throws {
        let (loop, server) = try makeServer()
        let client = TestClient.connect(loop: loop, port: server.port) { client in
            client.send(.leave)                                   // notInRoom
            client.join("x", .level(game: "", level: "no-such-map"))                 // unknownMap
            client.join("", .any)                                 // invalidName
        }
        #expect(runUntil(loop) { client.errors.count == 3 })
        #expect(client.errors.map(\.code) == [.notInRoom, .unknownMap, .invalidName])
        #expect(client.isOpen)
        client.join("fine", .any)
        #expect(runUntil(loop) { client.welcome != nil })
        tearDown(loop, server, [client])
    }
}
