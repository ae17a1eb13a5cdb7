import EventLoop
import TestThreads
import Testing
import WebSocket
import Wire
@testable import Server

/// Issue 5, "must show" 7: `GET /metrics` shows the counters moving.
@Suite(.serialized, .ownThread) struct MetricsTests {
    @Test func metricsCountersMoveWithActivity() throws {
        let (loop, server) = try makeServer {
            $0.idleTimeoutMilliseconds = 300
            $0.sweepIntervalMilliseconds = 50
            $0.maxNameBytes = 8
        }
        let before = try #require(scrapeMetrics(loop, port: server.port), "no /metrics answer")
        func value(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double {
            metricValue(text, name, labels) ?? 0
        }
        #expect(before.contains("# TYPE tickwire_messages_in_total counter"))
        #expect(before.contains("# HELP tickwire_tick_duration_seconds Time a room took to run one tick"))
        #expect(before.contains("# TYPE tickwire_tick_duration_seconds histogram"))
        #expect(before.contains("tickwire_tick_duration_seconds_bucket{le=\"0.00005\"} "))

        // Activity: two players join and play, one breaches the name limit, one idles out.
        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("player", .room("m")) }
        let afk = TestClient.connect(loop: loop, port: server.port) { $0.join("afk", .room("m")) }
        #expect(runUntil(loop) { player.welcome != nil && afk.welcome != nil })
        let walker = LoopTimerBox(loop: loop, every: 30) { player.input(moveX: 40) }
        let badName = TestClient.connect(loop: loop, port: server.port) { $0.join("far-too-long-a-name") }
        #expect(runUntil(loop) { !badName.errors.isEmpty })
        // It leaves after the refusal (lingering in the lobby would idle out too).
        badName.connection?.close()
        #expect(runUntil(loop, seconds: 3) { afk.closed != nil })
        let seen = player.snapshotHeaders.count
        #expect(runUntil(loop) { player.snapshotHeaders.count >= seen + 5 })
        walker.close()

        let after = try #require(scrapeMetrics(loop, port: server.port), "no /metrics answer")
        for name in ["tickwire_messages_in_total", "tickwire_messages_out_total", "tickwire_bytes_in_total",
                     "tickwire_bytes_out_total", "tickwire_players_joined_total", "tickwire_rooms_created_total",
                     "tickwire_ticks_total", "tickwire_connections_accepted_total", "tickwire_websocket_upgrades_total",
                     "tickwire_tick_duration_seconds_count"] {
            #expect(value(after, name) > value(before, name), "\(name) did not move: \(value(before, name)) -> \(value(after, name))")
        }
        let name = ["limit": "name"]
        #expect(value(after, "tickwire_limit_breaches_total", name) == value(before, "tickwire_limit_breaches_total", name) + 1)
        let idle = ["reason": "idle"]
        #expect(value(after, "tickwire_drops_total", idle) == value(before, "tickwire_drops_total", idle) + 1)
        #expect(value(after, "tickwire_snapshots_total", ["type": "delta"]) > 0)
        #expect(value(after, "tickwire_players") == 1)
        #expect(value(after, "tickwire_connections") == 1)  // the player still connected
        #expect(value(after, "tickwire_rooms") == 1)
        // Counters and the histogram agree with the server's own numbers.
        #expect(value(after, "tickwire_messages_in_total") <= Double(server.counters.messagesIn))
        #expect(value(after, "tickwire_tick_duration_seconds_count") <= Double(server.counters.ticks))
        #expect(value(after, "tickwire_tick_duration_seconds_count") == value(after, "tickwire_ticks_total"))
        tearDown(loop, server, [player, afk, badName])
    }

    /// Each kind of drop and breach the transport counts shows under its label.
    @Test func metricsShowHeartbeatDropsAndTransportBreaches() throws {
        let (loop, server) = try makeServer {
            $0.heartbeatIntervalMilliseconds = 100
            $0.sweepIntervalMilliseconds = 50
            $0.maxMessageBytes = 64
        }
        let mute = RawClient.connect(loop: loop, port: server.port) { $0.upgrade(port: server.port) }
        #expect(runUntil(loop) { mute.upgraded })
        let big = TestClient.connect(loop: loop, port: server.port) { $0.sendRaw([UInt8](repeating: 2, count: 100)) }
        #expect(runUntil(loop, seconds: 3) { mute.closed && big.closed != nil })
        let text = try #require(scrapeMetrics(loop, port: server.port))
        #expect(metricValue(text, "tickwire_drops_total", ["reason": "heartbeat"]) == 1)
        #expect(metricValue(text, "tickwire_limit_breaches_total", ["limit": "message_size"]) == 1)
        // Both WebSockets are gone; the scrape's own HTTP connection is not a WebSocket.
        #expect(metricValue(text, "tickwire_connections") == 0)
        tearDown(loop, server, [big])
    }
}
