import EventLoop
import TestThreads
import Testing
import WebSocket
import Wire
@testable import Server

/// Issue 5, "must show" 5: each limit, breached once, gives its documented answer, is
/// counted, and leaves the server serving.
@Suite(.serialized, .ownThread) struct LimitTests {
    @Test func totalConnectionsOverTheLimitGet503() throws {
        let (loop, server) = try makeServer { $0.maxConnections = 2 }
        let one = TestClient.connect(loop: loop, port: server.port) { $0.join("one") }
        let two = TestClient.connect(loop: loop, port: server.port) { $0.join("two") }
        #expect(runUntil(loop) { one.welcome != nil && two.welcome != nil })
        let third = RawClient.connect(loop: loop, port: server.port) { $0.send(RawClient.upgradeRequest(port: server.port)) }
        #expect(runUntil(loop) { third.closed && third.statusCode != nil })
        #expect(third.statusCode == 503)
        #expect(server.transportCounters.refusedOverCapacity == 1)
        #expect(one.isOpen && two.isOpen)
        // Once someone leaves, a newcomer gets in.
        one.connection?.close()
        #expect(runUntil(loop) { server.connectionCount == 1 })
        let fresh = expectFreshClientJoins(loop, server)
        #expect(metricValue(server.metricsText(), "tickwire_limit_breaches_total", ["limit": "connections"]) == 1)
        tearDown(loop, server, [one, two, fresh])
    }

    @Test func connectionsPerAddressOverTheLimitGet429() throws {
        let (loop, server) = try makeServer { $0.maxConnectionsPerAddress = 1 }
        let first = TestClient.connect(loop: loop, port: server.port) { $0.join("first") }
        #expect(runUntil(loop) { first.welcome != nil })
        let second = RawClient.connect(loop: loop, port: server.port) { $0.send(RawClient.upgradeRequest(port: server.port)) }
        #expect(runUntil(loop) { second.closed && second.statusCode != nil })
        #expect(second.statusCode == 429)
        #expect(metricValue(server.metricsText(), "tickwire_limit_breaches_total", ["limit": "connections_per_address"]) == 1)
        // The regular client sees the refusal as a failed handshake.
        let third = TestClient.connect(loop: loop, port: server.port)
        #expect(runUntil(loop) { third.connectError != nil })
        #expect(third.connectError == .handshakeFailed("unexpected status 429"))
        #expect(first.isOpen)
        first.connection?.close()
        #expect(runUntil(loop) { server.connectionCount == 0 })
        let fresh = expectFreshClientJoins(loop, server)
        tearDown(loop, server, [first, third, fresh])
    }

    @Test func handshakesInProgressOverTheLimitGet503() throws {
        let (loop, server) = try makeServer { $0.maxHandshakes = 1 }
        let stalling = RawClient.connect(loop: loop, port: server.port) { $0.send("GET / HTTP/1.1\r\n") }
        #expect(runUntil(loop) { server.webSocketServer.handshaking == 1 })
        let refused = RawClient.connect(loop: loop, port: server.port) { $0.send(RawClient.upgradeRequest(port: server.port)) }
        #expect(runUntil(loop) { refused.closed && refused.statusCode != nil })
        #expect(refused.statusCode == 503)
        #expect(server.transportCounters.refusedHandshakes == 1)
        #expect(!stalling.closed)
        stalling.close()
        #expect(runUntil(loop) { server.webSocketServer.handshaking == 0 })
        let fresh = expectFreshClientJoins(loop, server)
        #expect(metricValue(server.metricsText(), "tickwire_limit_breaches_total", ["limit": "handshakes"]) == 1)
        tearDown(loop, server, [fresh])
    }

    @Test func tooManyInputsPerSecondGetRateLimitedAndClose1008() throws {
        let (loop, server) = try makeServer { $0.inputsPerSecond = 10 }
        let flooder = TestClient.connect(loop: loop, port: server.port) { $0.join("flooder", .room("rate")) }
        let calm = TestClient.connect(loop: loop, port: server.port) { $0.join("calm", .room("rate")) }
        #expect(runUntil(loop) { flooder.welcome != nil && calm.welcome != nil })
        let flooderID = try #require(flooder.welcome?.playerID)
        for _ in 0..<30 { flooder.input(moveX: 10) }
        #expect(runUntil(loop) { flooder.closed != nil })
        #expect(flooder.errors.map(\.code) == [.rateLimited])
        #expect(flooder.closed?.code == .policyViolation)
        #expect(server.counters.breaches[.inputRate] == 1)
        // The other player is not disturbed and sees the flooder go.
        #expect(runUntil(loop) { !calm.roster.contains { $0.id == flooderID } })
        let before = calm.snapshotHeaders.count
        #expect(runUntil(loop) { calm.snapshotHeaders.count > before + 3 })
        #expect(calm.isOpen && calm.errors.isEmpty)
        let fresh = expectFreshClientJoins(loop, server, .room("rate"))
        tearDown(loop, server, [flooder, calm, fresh])
    }

    /// Joins, leaves and room lists cost far more than inputs: a flood of them closes the
    /// connection like a flood of inputs, and the other players play on.
    @Test func tooManyRequestsPerSecondGetRateLimitedAndClose1008() throws {
        let (loop, server) = try makeServer { $0.requestsPerSecond = 5 }
        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("player", .room("calm")) }
        let browser = TestClient.connect(loop: loop, port: server.port)
        #expect(runUntil(loop) { player.welcome != nil && browser.isOpen })
        // A burst of the limit passes (a token bucket), one more does not.
        for _ in 0..<5 { browser.send(.listRooms) }
        #expect(runUntil(loop) { browser.messages.count == 5 })
        #expect(browser.errors.isEmpty && browser.isOpen)
        for _ in 0..<10 { browser.send(.listRooms) }
        #expect(runUntil(loop) { browser.closed != nil })
        #expect(browser.errors.map(\.code) == [.rateLimited])
        #expect(browser.closed?.code == .policyViolation)
        #expect(server.counters.breaches[.requestRate] == 1)
        #expect(metricValue(server.metricsText(), "tickwire_limit_breaches_total", ["limit": "request_rate"]) == 1)
        // Join and leave count too: churning through rooms is stopped the same way.
        let churner = TestClient.connect(loop: loop, port: server.port)
        #expect(runUntil(loop) { churner.isOpen })
        for index in 0..<4 {
            churner.join("churner", .room("churn\(index)"))
            churner.send(.leave)
        }
        #expect(runUntil(loop) { churner.closed != nil })
        #expect(churner.errors.map(\.code) == [.rateLimited])
        // Messages refused with an answer cost a request too: acks from the lobby, here.
        let acker = TestClient.connect(loop: loop, port: server.port)
        #expect(runUntil(loop) { acker.isOpen })
        for _ in 0..<10 { acker.send(.ack(tick: 1)) }
        #expect(runUntil(loop) { acker.closed != nil })
        #expect(acker.errors.map(\.code) == Array(repeating: .notInRoom, count: 5) + [.rateLimited])
        let before = player.snapshotHeaders.count
        #expect(runUntil(loop) { player.snapshotHeaders.count > before + 3 })
        #expect(player.isOpen && player.errors.isEmpty)
        tearDown(loop, server, [player, browser, churner, acker])
    }

    @Test func oversizeMessageIsClosedWith1009() throws {
        let (loop, server) = try makeServer { $0.maxMessageBytes = 64 }
        let big = TestClient.connect(loop: loop, port: server.port) { $0.join("big") }
        #expect(runUntil(loop) { big.welcome != nil })
        big.sendRaw([UInt8](repeating: 0x02, count: 200))
        #expect(runUntil(loop) { big.closed != nil })
        #expect(big.closed?.code == .messageTooBig)
        #expect(server.transportCounters.messagesTooBig == 1)
        let fresh = expectFreshClientJoins(loop, server)
        #expect(metricValue(server.metricsText(), "tickwire_limit_breaches_total", ["limit": "message_size"]) == 1)
        tearDown(loop, server, [big, fresh])
    }

    @Test func tooManyRoomsGetsTooManyRooms() throws {
        let (loop, server) = try makeServer { $0.maxRooms = 1 }
        let first = TestClient.connect(loop: loop, port: server.port) { $0.join("first", .room("a")) }
        #expect(runUntil(loop) { first.welcome != nil })
        let second = TestClient.connect(loop: loop, port: server.port) { $0.join("second", .room("b")) }
        #expect(runUntil(loop) { !second.errors.isEmpty })
        #expect(second.errors.first?.code == .tooManyRooms)
        #expect(second.isOpen && second.welcome == nil)
        #expect(server.counters.breaches[.rooms] == 1)
        #expect(server.roomCount == 1)
        // Same connection, an existing room: fine.
        second.join("second", .room("a"))
        #expect(runUntil(loop) { second.welcome != nil })
        #expect(second.welcome?.roomID == "a")
        tearDown(loop, server, [first, second])
    }

    /// Rooms made and left cannot hold every place: at max-rooms the room empty the longest
    /// is closed for a new one, and only rooms with someone in them count against a join.
    @Test func atMaxRoomsTheLongestEmptyRoomMakesWay() throws {
        let (loop, server) = try makeServer { $0.maxRooms = 2 }
        let hog = TestClient.connect(loop: loop, port: server.port) { $0.join("hog", .room("first")) }
        #expect(runUntil(loop) { hog.welcome != nil })
        hog.send(.leave)
        hog.join("hog", .room("second"))
        #expect(runUntil(loop) { hog.welcome?.roomID == "second" })
        hog.send(.leave)
        #expect(runUntil(loop) { server.registry.rooms.allSatisfy { $0.seats.isEmpty } })
        #expect(server.roomCount == 2)
        // Both rooms are empty; "first" has been empty longer and goes.
        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("player", .room("third")) }
        #expect(runUntil(loop) { player.welcome != nil || !player.errors.isEmpty })
        #expect(player.welcome?.roomID == "third")
        #expect(Set(server.registry.rooms.map(\.id)) == ["second", "third"])
        #expect(server.counters.roomsDisposed == 1)
        #expect(server.counters.breaches[.rooms] == nil)
        // The hog back in "second", and the player's seat in "third" held for a resume after
        // its connection was lost: no room is empty, so a new one is refused.
        hog.welcome = nil
        hog.join("hog", .room("second"))
        #expect(runUntil(loop) { hog.welcome != nil })
        #expect(hog.welcome?.roomID == "second")
        player.connection?.abort()
        #expect(runUntil(loop) { server.sessions.count == 1 })
        let late = TestClient.connect(loop: loop, port: server.port) { $0.join("late", .room("fourth")) }
        #expect(runUntil(loop) { !late.errors.isEmpty })
        #expect(late.errors.map(\.code) == [.tooManyRooms])
        #expect(Set(server.registry.rooms.map(\.id)) == ["second", "third"])
        tearDown(loop, server, [hog, player, late])
    }

    @Test func fullRoomGetsRoomFull() throws {
        let (loop, server) = try makeServer { $0.maxPlayersPerRoom = 1 }
        let first = TestClient.connect(loop: loop, port: server.port) { $0.join("first", .room("solo")) }
        #expect(runUntil(loop) { first.welcome != nil })
        let second = TestClient.connect(loop: loop, port: server.port) { $0.join("second", .room("solo")) }
        #expect(runUntil(loop) { !second.errors.isEmpty })
        #expect(second.errors.first?.code == .roomFull)
        #expect(server.counters.breaches[.playersPerRoom] == 1)
        #expect(second.isOpen && first.isOpen)
        // "any" finds (or makes) a room with a seat.
        second.join("second")
        #expect(runUntil(loop) { second.welcome != nil })
        #expect(second.welcome?.roomID != "solo")
        tearDown(loop, server, [first, second])
    }

    @Test func badNamesGetInvalidName() throws {
        let (loop, server) = try makeServer { $0.maxNameBytes = 8 }
        let client = TestClient.connect(loop: loop, port: server.port)
        #expect(runUntil(loop) { client.isOpen })
        let bad = ["muchtoolongname", "", "   ", "bell\u{07}", "zero\u{200B}w", " lead", "trail "]
        for (index, name) in bad.enumerated() {
            client.join(name)
            #expect(runUntil(loop) { client.errors.count == index + 1 }, "no answer to \(name.debugDescription)")
            #expect(client.errors.last?.code == .invalidName, "\(name.debugDescription): \(client.errors.last.map { "\($0)" } ?? "-")")
        }
        #expect(server.counters.breaches[.name] == bad.count)
        #expect(client.isOpen && client.welcome == nil)
        // Eight bytes exactly, multi-byte characters included, is fine.
        client.join("é-ok✓")
        #expect(runUntil(loop) { client.welcome != nil })
        tearDown(loop, server, [client])
    }

    @Test func forwardedForIsIgnoredWithoutTrustedProxy() throws {
        let (loop, server) = try makeServer { $0.maxConnectionsPerAddress = 1 }
        func upgrade(_ forwarded: String) -> RawClient {
            let client = RawClient.connect(loop: loop, port: server.port) {
                $0.send(RawClient.upgradeRequest(port: server.port, extraHeaders: ["X-Forwarded-For: \(forwarded)"]))
            }
            #expect(runUntil(loop) { client.statusCode != nil }, "no answer for \(forwarded)")
            return client
        }
        let a = upgrade("10.0.0.1")
        let b = upgrade("10.0.0.2")
        #expect(a.statusCode == 101)
        #expect(b.statusCode == 429)
        #expect(server.sessions.values.map(\.address) == ["127.0.0.1"])
        a.close()
        b.close()
        #expect(runUntil(loop) { server.connectionCount == 0 })
        let fresh = expectFreshClientJoins(loop, server)
        tearDown(loop, server, [fresh])
    }
}

/// Half-open connections count against the per-address limit too: one address cannot
/// hold many unfinished upgrades.
@Suite(.serialized, .ownThread) struct PerAddressHandshakeTests {
    @Test func unfinishedUpgradesCountPerAddress() throws {
        let (loop, server) = try makeServer { $0.maxConnectionsPerAddress = 2 }
        let silent = (0..<2).map { _ in RawClient.connect(loop: loop, port: server.port) }  // never send a byte
        #expect(runUntil(loop) { server.connectionCount == 2 })
        let third = RawClient.connect(loop: loop, port: server.port) { $0.send(RawClient.upgradeRequest(port: server.port)) }
        #expect(runUntil(loop) { third.closed && third.statusCode != nil })
        #expect(third.statusCode == 429)
        for raw in silent { raw.close() }
        #expect(runUntil(loop) { server.connectionCount == 0 })
        let fresh = expectFreshClientJoins(loop, server)
        tearDown(loop, server, [fresh])
    }
}
