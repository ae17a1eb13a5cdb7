import Client
import EventLoop
import Foundation
import TestThreads
import Testing
import Wire

/// Three real `tickwire serve --redis` nodes and a real `redis-server` on loopback ports
/// (docs/SCALING.md): joins through any node, one room per id, rooms filled to capacity
/// without overfilling, a killed node's rooms gone within its lease, and Redis restarted
/// under a game.
@Suite(.serialized, .ownThread) struct ClusterTests {
    struct Cluster {
        let redis: RedisServer
        let nodes: [ClusterNode]
        func stop() {
            for node in nodes { node.stop() }
            redis.stop()
        }
    }

    static let adminToken = "cluster-admin-token"

    func startCluster(_ loop: EventLoop, nodes ids: [String] = ["a", "b", "c"],
                      extra: [String] = ["--admin-token", ClusterTests.adminToken]) throws -> Cluster {
        try #require(FileManager.default.isExecutableFile(atPath: ShutdownTests.binary), "build the tickwire binary first: swift build")
        let redis = try RedisServer(loop)
        try #require(runUntil(loop, seconds: 10) { redis.output.contains("Ready to accept connections") }, "redis: \(redis.output)")
        let nodes = try ids.map { try ClusterNode(loop, id: $0, redis: redis, extra: extra) }
        for node in nodes { try #require(node.ready(loop), "node \(node.id): \(node.output)") }
        return Cluster(redis: redis, nodes: nodes)
    }

    func ids(_ rooms: [[String: Any]]) -> Set<String> { Set(rooms.compactMap { $0["id"] as? String }) }

    @Test(.timeLimit(.minutes(2)))
    func botsThroughOneNodePlayInARoomOfAnotherAndEveryNodeListsEveryRoom() throws {
        let loop = try EventLoop()
        let cluster = try startCluster(loop)
        defer { cluster.stop() }
        let (a, b, c) = (cluster.nodes[0], cluster.nodes[1], cluster.nodes[2])

        // A room on C, and one on B.
        let host = ClusterPlayer(loop)
        host.join(c, name: "host", .room("far"))
        let other = ClusterPlayer(loop)
        other.join(b, name: "other", .room("near"))
        #expect(runUntil(loop, seconds: 10) { host.isPlaying && other.isPlaying })

        // Three bots asking node A for the room on C are redirected and play there.
        let bots = try TLSServeTests.Child(ShutdownTests.binary, [
            "bot", "--url", a.url, "--room", "far", "--count", "3", "--duration", "4", "--json"])
        defer { bots.stop() }
        #expect(runUntil(loop, seconds: 15) { host.client.roster.count == 4 }, "roster on C: \(host.client.roster)")
        #expect(runUntil(loop, seconds: 15) { !bots.process.isRunning })
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(bots.output.utf8.drop { $0 != UInt8(ascii: "{") })) as? [String: Any],
                                   "bots: \(bots.output)")
        #expect(summary["connected"] as? Int == 3 && summary["failed"] as? Int == 0, "\(summary)")
        #expect((summary["snapshots"] as? Int ?? 0) > 60, "\(summary)")

        // Every node lists both rooms, each with its node.
        for node in cluster.nodes {
            #expect(eventually(loop, seconds: 5) { ids(listedRooms(loop, port: node.port)).isSuperset(of: ["far", "near"]) })
            let rooms = listedRooms(loop, port: node.port)
            #expect(rooms.first { $0["id"] as? String == "far" }?["node"] as? String == "c", "\(node.id): \(rooms)")
            #expect(rooms.first { $0["id"] as? String == "near" }?["node"] as? String == "b", "\(node.id): \(rooms)")
        }
        // A player's roomList shows the whole cluster too.
        var listed: [RoomInfo] = []
        final class Lister: GameClientDelegate {
            var rooms: [RoomInfo]?
            func gameClient(_ client: GameClient, didReceiveRooms rooms: [RoomInfo]) { self.rooms = rooms }
        }
        let lister = Lister()
        other.client.delegate = lister
        other.client.listRooms()
        #expect(runUntil(loop) { lister.rooms != nil })
        listed = lister.rooms ?? []
        #expect(Set(listed.map { "\($0.id)@\($0.node)" }).isSuperset(of: ["far@c", "near@b"]), "\(listed)")
        let metrics = httpGet(loop, port: a.port, "/metrics")?.body ?? ""
        #expect((metricValue(metrics, "tickwire_redirects_total") ?? 0) >= 3, "\(metrics)")

        // web/tickwire.js, in Node, follows the redirect the same way.
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Clients/cluster_player.mjs").path
        let node = try TLSServeTests.Child("/usr/bin/env", ["node", "--experimental-websocket", "--no-warnings", script, a.url, "far"])
        defer { node.stop() }
        #expect(runUntil(loop, seconds: 15) { !node.process.isRunning }, "tickwire.js: \(node.output)")
        #expect(node.process.terminationStatus == 0, "tickwire.js: \(node.output)")
        #expect(node.output.contains("\"room\":\"far\"") && node.output.contains("\"redirects\":1")
                && node.output.contains(c.url), "tickwire.js: \(node.output)")

        // An admin watching through A is sent to C too (the ncurses spectator is this client).
        let watcher = ClusterPlayer(loop)
        watcher.client.connect(host: "127.0.0.1", port: a.port, role: .spectator(adminToken: Self.adminToken, room: "far"))
        #expect(runUntil(loop, seconds: 5) { watcher.client.isSpectating && watcher.client.appliedTick > 0 })
        #expect(watcher.client.redirectsFollowed == 1 && watcher.welcomes.last?.roomID == "far")

        // SIGTERM takes a node's rooms out of the directory at once: sooner than its lease
        // (3 s after its last refresh, at least 2 s after the signal) could.
        c.stop(signal: SIGTERM)
        #expect(eventually(loop, seconds: 1.6) { !ids(listedRooms(loop, port: a.port)).contains("far") },
                "C's room is still listed on A 1.6 s after SIGTERM")
        #expect(other.isPlaying)
    }

    @Test(.timeLimit(.minutes(2)))
    func fiftyClientsJoiningOneLevelThroughThreeNodesFillRoomsToCapacity() throws {
        let loop = try EventLoop()
        let cluster = try startCluster(loop)
        defer { cluster.stop() }
        // The duel level seats 4: 50 players need 13 rooms, 12 of them full.
        let players = (0..<50).map { index -> ClusterPlayer in
            let player = ClusterPlayer(loop)
            player.join(cluster.nodes[index % 3], name: "p\(index)", .level(game: "", level: "duel"))
            return player
        }
        #expect(runUntil(loop, seconds: 30) { players.allSatisfy(\.isPlaying) },
                "stranded: \(players.filter { !$0.isPlaying }.map { ($0.errors.map { "\($0.0)" }, $0.disconnects) })")
        #expect(players.allSatisfy { $0.errors.isEmpty }, "\(players.flatMap(\.errors).map { "\($0.0): \($0.1)" })")
        var seated: [String: Int] = [:]
        for player in players { if let room = player.roomID { seated[room, default: 0] += 1 } }
        #expect(seated.values.allSatisfy { $0 <= 4 }, "overfull: \(seated)")
        #expect(seated.count == 13, "rooms: \(seated)")
        #expect(seated.values.filter { $0 < 4 }.count == 1, "more than one room left with free seats: \(seated)")
        // The rosters agree with the welcomes: no seat given twice.
        #expect(runUntil(loop, seconds: 5) { players.allSatisfy { $0.client.roster.count == seated[$0.roomID ?? ""] } })
        // The rooms are spread over the nodes, and the directory lists them all.
        let rooms = listedRooms(loop, port: cluster.nodes[0].port).filter { $0["level"] as? String == "duel" }
        #expect(eventually(loop, seconds: 3) { listedRooms(loop, port: cluster.nodes[0].port).filter { $0["level"] as? String == "duel" }.count == 13 },
                "\(rooms)")
        // New rooms went to the least loaded nodes: more than one ran them (B's copy of the
        // others' rooms is up to a second old).
        #expect(eventually(loop, seconds: 3) {
            Set(listedRooms(loop, port: cluster.nodes[1].port).filter { $0["level"] as? String == "duel" }
                .compactMap { $0["node"] as? String }).count >= 2
        })
        for player in players { player.client.close() }
    }

    @Test(.timeLimit(.minutes(1)))
    func twoNodesCreatingTheSameRoomAtOnceMakeOneRoom() throws {
        let loop = try EventLoop()
        let cluster = try startCluster(loop, nodes: ["a", "b"])
        defer { cluster.stop() }
        for round in 0..<5 {
            let first = ClusterPlayer(loop), second = ClusterPlayer(loop)
            first.join(cluster.nodes[0], name: "first", .room("same-\(round)"))
            second.join(cluster.nodes[1], name: "second", .room("same-\(round)"))
            #expect(runUntil(loop, seconds: 10) { first.isPlaying && second.isPlaying })
            #expect(first.roomID == "same-\(round)" && second.roomID == "same-\(round)")
            #expect(runUntil(loop, seconds: 5) { first.client.roster.count == 2 && second.client.roster.count == 2 },
                    "round \(round): rosters \(first.client.roster) / \(second.client.roster)")
            #expect(first.client.redirectsFollowed + second.client.redirectsFollowed == 1)
            first.client.close()
            second.client.close()
        }
    }

    /// A reservation takes one seat once, at its own node: a second use, an unknown one, or
    /// one presented at another node gets error 61, and the seat stays good at its node.
    @Test(.timeLimit(.minutes(1)))
    func aReservationIsUsedOnceAndOnlyAtItsNode() throws {
        let loop = try EventLoop()
        let cluster = try startCluster(loop, nodes: ["a", "b"])
        defer { cluster.stop() }
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let host = ClusterPlayer(loop)
        host.join(b, name: "host", .room("held"))
        #expect(runUntil(loop, seconds: 10) { host.isPlaying })

        let asker = TestClient.connect(loop: loop, port: a.port)
        #expect(runUntil(loop) { asker.isOpen })
        asker.join("asker", .room("held"))
        var redirect: Redirect?
        #expect(runUntil(loop, seconds: 5) {
            redirect = asker.messages.lazy.compactMap { if case .redirect(let r) = $0 { r } else { nil } }.first
            return redirect != nil
        }, "\(asker.messages)")
        let reservation = try #require(redirect?.reservation)
        #expect(redirect?.url == b.url && redirect?.roomID == "held" && redirect?.holdsSeat == true)

        func present(_ token: [UInt8], at node: ClusterNode) -> TestClient {
            let client = TestClient.connect(loop: loop, port: node.port)
            _ = runUntil(loop) { client.isOpen }
            client.join("asker", .reservation(token))
            _ = runUntil(loop, seconds: 5) { client.welcome != nil || !client.errors.isEmpty }
            return client
        }
        // At the wrong node: refused, and the reservation is still good at its own.
        let wrong = present(reservation, at: a)
        #expect(wrong.errors.first?.code == .reservationInvalid, "\(wrong.messages)")
        let right = present(reservation, at: b)
        #expect(right.welcome?.roomID == "held", "\(right.messages)")
        // Used once: a second use, and a made-up one, are refused; the connection stays open.
        let again = present(reservation, at: b)
        #expect(again.errors.first?.code == .reservationInvalid && again.isOpen, "\(again.messages)")
        let madeUp = present(Array(repeating: 7, count: 16), at: b)
        #expect(madeUp.errors.first?.code == .reservationInvalid, "\(madeUp.messages)")
        #expect(runUntil(loop) { host.client.roster.count == 2 })
    }

    /// A refused reservation makes the Swift client ask for the room again as the application
    /// did. Here node B wrongly advertises A's address, so every redirect lands on A, where
    /// B's reservations are refused: the client asks again (and is redirected again) until
    /// its redirect limit, then reports error 61 instead of looping.
    @Test(.timeLimit(.minutes(1)))
    func aRefusedReservationIsAskedForAgainUpToTheRedirectLimit() throws {
        let loop = try EventLoop()
        let cluster = try startCluster(loop, nodes: ["a"])
        defer { cluster.stop() }
        let a = cluster.nodes[0]
        let wrong = try ClusterNode(loop, id: "b", redis: cluster.redis, publicURL: a.url)
        defer { wrong.stop() }
        try #require(wrong.ready(loop), "node b: \(wrong.output)")
        let host = ClusterPlayer(loop)
        host.join(wrong, name: "host", .room("astray"))
        #expect(runUntil(loop, seconds: 10) { host.isPlaying })
        #expect(eventually(loop, seconds: 3) { ids(listedRooms(loop, port: a.port)).contains("astray") })

        let player = ClusterPlayer(loop)
        player.join(a, name: "astray", .room("astray"))
        #expect(runUntil(loop, seconds: 10) { !player.errors.isEmpty || !player.disconnects.isEmpty })
        #expect(player.errors.map(\.0) == [.reservationInvalid], "\(player.errors) \(player.disconnects)")
        #expect(player.client.redirectsFollowed == 2)
        #expect(player.welcomes.isEmpty && player.client.isConnected)
    }

    @Test(.timeLimit(.minutes(2)))
    func aKilledNodesRoomsLeaveTheDirectoryWithinItsLease() throws {
        let loop = try EventLoop()
        let cluster = try startCluster(loop)
        defer { cluster.stop() }
        let (a, b, c) = (cluster.nodes[0], cluster.nodes[1], cluster.nodes[2])
        let survivor = ClusterPlayer(loop)
        survivor.join(a, name: "survivor", .room("stays"))
        let victim = ClusterPlayer(loop)
        victim.join(b, name: "victim", .room("goes"))
        #expect(runUntil(loop, seconds: 10) { survivor.isPlaying && victim.isPlaying })
        #expect(eventually(loop, seconds: 5) { ids(listedRooms(loop, port: c.port)).isSuperset(of: ["stays", "goes"]) })
        let token = try #require(victim.client.welcome?.sessionToken)
        let seat = victim.client.playerID

        // The victim's connection is lost; its seat waits on B. A resume through C is sent to B,
        // where the same token takes the seat back.
        victim.client.connection?.abort(code: .abnormal, reason: "lost")
        let asker = TestClient.connect(loop: loop, port: c.port)
        #expect(runUntil(loop) { asker.isOpen })
        var redirect: Redirect?
        asker.send(.resume(version: ProtocolVersion.current, token: token))
        #expect(runUntil(loop, seconds: 5) {
            redirect = asker.messages.lazy.compactMap { if case .redirect(let r) = $0 { r } else { nil } }.first
            return redirect != nil || !asker.errors.isEmpty
        }, "\(asker.messages)")
        #expect(redirect?.url == b.url && redirect?.holdsSeat == false, "\(asker.messages)")
        let back = TestClient.connect(loop: loop, port: b.port)
        #expect(runUntil(loop) { back.isOpen })
        back.send(.resume(version: ProtocolVersion.current, token: token))
        #expect(runUntil(loop) { back.welcome != nil }, "\(back.messages)")
        #expect(back.welcome?.playerID == seat && back.welcome?.roomID == "goes")

        b.stop(signal: SIGKILL)
        let killedAt = Date()
        #expect(eventually(loop, seconds: 6) {
            !ids(listedRooms(loop, port: a.port)).contains("goes") && !ids(listedRooms(loop, port: c.port)).contains("goes")
        })
        let gone = Date().timeIntervalSince(killedAt)
        #expect(gone < 5, "B's room was listed for \(gone) s after SIGKILL")

        // Its player's session token now gets the documented error, through any node.
        let resumer = TestClient.connect(loop: loop, port: c.port)
        #expect(runUntil(loop) { resumer.isOpen })
        resumer.send(.resume(version: ProtocolVersion.current, token: token))
        #expect(runUntil(loop) { resumer.errors.contains { $0.code == .invalidToken } }, "\(resumer.errors)")

        // The survivor on A noticed nothing.
        let tick = survivor.client.appliedTick
        #expect(runUntil(loop) { survivor.client.appliedTick > tick + 30 })
        #expect(survivor.errors.isEmpty && survivor.disconnects.isEmpty)
        #expect(ids(listedRooms(loop, port: c.port)).contains("stays"))
    }

    @Test(.timeLimit(.minutes(2)))
    func playGoesOnWhileRedisRestartsAndTheDirectoryIsWholeAgainSoonAfter() throws {
        let loop = try EventLoop()
        let cluster = try startCluster(loop, nodes: ["a", "b"])
        defer { cluster.stop() }
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let onA = ClusterPlayer(loop), onB = ClusterPlayer(loop)
        onA.join(a, name: "on-a", .room("room-a"))
        onB.join(b, name: "on-b", .room("room-b"))
        #expect(runUntil(loop, seconds: 10) { onA.isPlaying && onB.isPlaying })

        cluster.redis.stop()
        // Joins that need the directory get a clear error; the players play on.
        let refused = TestClient.connect(loop: loop, port: a.port)
        #expect(runUntil(loop) { refused.isOpen })
        // The node may not have seen the loss yet: it answers 60 at the latest once it has.
        #expect(eventually(loop, seconds: 5) {
            let before = refused.messages.count
            refused.join("late", .room("room-a"))
            _ = runUntil(loop) { refused.messages.count > before }
            return refused.errors.contains { $0.code == .directoryUnavailable }
        }, "\(refused.errors)")
        let ticks = (onA.client.appliedTick, onB.client.appliedTick)
        #expect(runUntil(loop) { onA.client.appliedTick > ticks.0 + 60 && onB.client.appliedTick > ticks.1 + 60 })

        #expect(try cluster.redis.start(loop), "redis did not restart: \(cluster.redis.output)")
        let back = Date()
        #expect(eventually(loop, seconds: 6) {
            ids(listedRooms(loop, port: a.port)).isSuperset(of: ["room-a", "room-b"])
                && ids(listedRooms(loop, port: b.port)).isSuperset(of: ["room-a", "room-b"])
        })
        #expect(Date().timeIntervalSince(back) < 5, "the directory took \(Date().timeIntervalSince(back)) s to be whole")
        #expect(onA.errors.isEmpty && onB.errors.isEmpty && onA.disconnects.isEmpty && onB.disconnects.isEmpty)
        // Joins work again, across nodes.
        let late = ClusterPlayer(loop)
        late.join(a, name: "late", .room("room-b"))
        #expect(runUntil(loop, seconds: 10) { late.isPlaying && late.roomID == "room-b" })
        #expect(a.output.contains("reconnected to Redis"), "\(a.output)")

        // Redis frozen (SIGSTOP: the link stays open, nothing answers): after the reply
        // deadline joins get error 60, play goes on, and once thawed the node reconnects.
        cluster.redis.freeze()
        let frozen = TestClient.connect(loop: loop, port: b.port)
        #expect(runUntil(loop) { frozen.isOpen })
        frozen.join("frozen", .room("room-a"))
        #expect(runUntil(loop, seconds: 4) { frozen.errors.contains { $0.code == .directoryUnavailable } }, "\(frozen.messages)")
        let tick = onB.client.appliedTick
        #expect(runUntil(loop) { onB.client.appliedTick > tick + 30 })
        cluster.redis.thaw()
        #expect(eventually(loop, seconds: 6) {
            guard b.output.components(separatedBy: "reconnected to Redis").count >= 3 else { return false }
            let before = frozen.messages.count
            frozen.join("thawed", .room("room-a"))
            _ = runUntil(loop) { frozen.messages.count > before }
            return frozen.messages.contains { if case .redirect = $0 { true } else { false } }
        }, "\(frozen.messages) \(b.output)")
        let metrics = httpGet(loop, port: a.port, "/metrics")?.body ?? ""
        #expect((metricValue(metrics, "tickwire_redis_reconnects_total") ?? 0) >= 1, "\(metrics)")
    }
}
