import EventLoop
import TestThreads
import Testing
import WebSocket
import Wire
@testable import Server

/// Defects found by trying the server as a hostile or careless client (issue 10). Each
/// test failed before its fix. Exact deadlines are the rules' (tested on a fake clock in
/// `Rules/`); here real sockets wait for the events, bounded.
@Suite(.serialized, .ownThread) struct HostilePeerTests {
    /// A player that stops reading (the server's queue to it fills), then sends a close
    /// frame or breaks the protocol: its seat is freed at once and its socket is reset at
    /// the closing deadline, however much is still queued.
    @Test(arguments: [false, true])
    func aNonReadingPlayerThatClosesOrMisbehavesIsGoneAndItsSeatFreed(violation: Bool) throws {
        let closeTimeout: UInt64 = 300
        let sweep: UInt64 = 50
        let (loop, server) = try makeServer {
            $0.closeTimeoutMilliseconds = closeTimeout
            $0.sweepIntervalMilliseconds = sweep
            $0.sendStallTimeoutMilliseconds = 60_000  // only the closing deadline may act
            $0.heartbeatIntervalMilliseconds = 60_000
        }
        let other = TestClient.connect(loop: loop, port: server.port) { $0.join("other", .room("close")) }
        #expect(runUntil(loop) { other.welcome != nil })
        let raw = RawClient.connect(loop: loop, port: server.port) { $0.upgrade(port: server.port) }
        #expect(runUntil(loop) { raw.upgraded })
        raw.sendMessage(.join(version: ProtocolVersion.current, name: "stuck", target: .room("close")))
        #expect(runUntil(loop) { other.roster.contains { $0.name == "stuck" } })
        let stuckID = try #require(other.roster.first { $0.name == "stuck" }?.id)
        let serverSide = try #require(session(of: stuckID, in: server))

        // It stops reading; snapshots pile up in the server's queue.
        serverSide.connection.stream.shrinkKernelBuffers(send: 4096)
        raw.stream?.shrinkKernelBuffers(receive: 4096)
        raw.stream?.stopReading()
        #expect(runUntil(loop, seconds: 10) { serverSide.queuedBytes > 0 }, "nothing ever queued for the stuck player")

        if violation {
            raw.sendFrame(.binary, [1, 2, 3], masked: false)  // unmasked: close 1002
        } else {
            raw.sendClose(code: .normal)
        }
        // Out of the room's live set at once, whatever the queue holds.
        #expect(runUntil(loop) { !other.roster.contains { $0.id == stuckID } }, "the seat was kept")
        #expect(server.playerCount == 1)
        // And the socket is reset at the closing deadline.
        let bound = Double(closeTimeout + sweep) / 1000 + 2
        #expect(runUntil(loop, seconds: bound) { server.connectionCount == 1 }, "the closing connection lives on")
        #expect(server.transportCounters.closeTimeouts == 1)
        #expect(other.isOpen && other.errors.isEmpty)
        tearDown(loop, server, [other])
    }

    /// Behind a proxy, the client writes the left of X-Forwarded-For itself; only the entry
    /// the proxy appended (the rightmost) may count against the per-address limit.
    @Test func spoofedLeftmostForwardedEntriesDoNotPassThePerAddressLimit() throws {
        let (loop, server) = try makeServer {
            $0.maxConnectionsPerAddress = 2
            $0.trustedProxy = true
        }
        func upgrade(_ forwarded: String) -> RawClient {
            let client = RawClient.connect(loop: loop, port: server.port) {
                $0.send(RawClient.upgradeRequest(port: server.port, extraHeaders: ["X-Forwarded-For: \(forwarded)"]))
            }
            #expect(runUntil(loop) { client.statusCode != nil }, "no answer for \(forwarded)")
            return client
        }
        // One real client (the proxy saw 198.51.100.7) claiming three addresses.
        let spoofers = ["10.0.0.1", "10.0.0.2", "10.0.0.3"].map { upgrade("\($0), 198.51.100.7") }
        #expect(spoofers.map(\.statusCode) == [101, 101, 429])
        // Another client behind the same proxy is counted on its own.
        let honest = upgrade("198.51.100.8")
        #expect(honest.statusCode == 101)
        #expect(Set(server.sessions.values.map(\.address)) == ["198.51.100.7", "198.51.100.8"])
        #expect(server.counters.breaches[.connectionsPerAddress] == 1)
        for client in spoofers + [honest] { client.close() }
        #expect(runUntil(loop) { server.connectionCount == 0 })
        tearDown(loop, server, [])
    }

    /// A peer that answers every ping, but never with the ping's payload, is dropped like
    /// a silent one; a player whose pongs echo stays.
    @Test func aPeerAnsweringPingsWithWrongPayloadsIsDropped() throws {
        let (loop, server) = try makeServer {
            $0.heartbeatIntervalMilliseconds = 100
            $0.sweepIntervalMilliseconds = 50
            $0.reconnectGraceMilliseconds = 0
        }
        let honest = TestClient.connect(loop: loop, port: server.port) { $0.join("honest", .room("hb")) }
        #expect(runUntil(loop) { honest.welcome != nil })
        let faker = RawClient.connect(loop: loop, port: server.port) { $0.upgrade(port: server.port) }
        faker.forgedPongPayload = [0, 0, 0, 0, 0, 0, 0, 0]
        #expect(runUntil(loop) { faker.upgraded })
        faker.sendMessage(.join(version: ProtocolVersion.current, name: "faker", target: .room("hb")))
        #expect(runUntil(loop) { honest.roster.contains { $0.name == "faker" } })
        #expect(runUntil(loop, seconds: 3) { faker.closed }, "the faker was never dropped")
        #expect(faker.pingsReceived >= 2)
        #expect(server.counters.dropsHeartbeat == 1)
        #expect(runUntil(loop) { !honest.roster.contains { $0.name == "faker" } })
        // The honest player outlived several heartbeats.
        #expect(honest.isOpen && honest.roster.map(\.name) == ["honest"])
        tearDown(loop, server, [honest])
    }
}

/// Protocol v1 is gone: a client that asks only for `tickwire.v1` is told which protocol
/// the server speaks, in the HTTP answer, before any WebSocket frame.
@Suite(.serialized, .ownThread) struct ProtocolVersionRefusalTests {
    @Test func aVersion1OnlyClientIsRefusedClearly() throws {
        let (loop, server) = try makeServer()
        let old = RawClient.connect(loop: loop, port: server.port) {
            $0.send(RawClient.upgradeRequest(port: server.port, subprotocol: "tickwire.v1"))
        }
        #expect(runUntil(loop) { old.closed && old.statusCode != nil })
        #expect(old.statusCode == 400)
        #expect(old.body.contains("unsupported subprotocol tickwire.v1; this server speaks tickwire.v2"), "\(old.body)")
        // One that offers both gets v2.
        let both = RawClient.connect(loop: loop, port: server.port) {
            $0.send(RawClient.upgradeRequest(port: server.port, subprotocol: "tickwire.v1, tickwire.v2"))
        }
        #expect(runUntil(loop) { both.statusCode != nil })
        #expect(both.statusCode == 101)
        #expect(String(decoding: both.received, as: UTF8.self).contains("Sec-WebSocket-Protocol: tickwire.v2\r\n"))
        both.close()
        tearDown(loop, server, [])
    }
}
