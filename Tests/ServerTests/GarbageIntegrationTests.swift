import Arena
import EventLoop
import TestThreads
import Testing
import Wire
@testable import Server

/// Many clients sending random garbage, as binary messages and as raw bytes after the
/// upgrade: each gets its answer (an error, a close code), the server stays up, and a
/// player in the same room keeps playing undisturbed.
@Suite(.serialized, .ownThread) struct GarbageIntegrationTests {
    @Test func randomGarbageNeverDisturbsAPlayer() throws {
        let (loop, server) = try makeServer()
        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("steady", .room("g")) }
        #expect(runUntil(loop) { player.welcome != nil && player.snapshotHeaders.count > 2 })
        var random = SeededRandom(seed: 0x5EED)  // reproducible: a failure can be replayed
        var attackers: [TestClient] = []
        var raws: [RawClient] = []
        for index in 0..<30 {
            let bytes = (0..<Int.random(in: 1...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if index % 3 == 0 {
                // Garbage where WebSocket frames should be.
                raws.append(RawClient.connect(loop: loop, port: server.port) { raw in
                    raw.upgrade(port: server.port)
                    raw.send(bytes)
                })
            } else {
                attackers.append(TestClient.connect(loop: loop, port: server.port) { client in
                    client.join("a\(index)", .room("g"))
                    client.sendRaw(bytes)
                    client.sendRaw(bytes.reversed())
                })
            }
        }
        let before = player.snapshotHeaders.count
        #expect(runUntil(loop) { player.snapshotHeaders.count >= before + 20 })
        #expect(player.isOpen)
        #expect(player.snapshotErrors.isEmpty)
        #expect(player.errors.isEmpty)
        // The server still serves: a newcomer joins and /health answers.
        let newcomer = TestClient.connect(loop: loop, port: server.port) { $0.join("newcomer", .room("h")) }
        #expect(runUntil(loop) { newcomer.welcome != nil })
        for raw in raws { raw.close() }
        tearDown(loop, server, [player, newcomer] + attackers)
    }
}

