import CoreMetrics
import Prometheus

/// Metrics in the Prometheus text format, through swift-metrics backed by a per-server
/// swift-prometheus registry (no global bootstrap, so several servers can share a
/// process in tests). Hot paths bump plain counters; a scrape moves their deltas into
/// the registry, so the metrics system costs nothing per message.
final class ServerMetrics {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// Recorded once per room tick, so straight into the registry's histogram: through a
    /// swift-metrics `Timer` each record cost a dynamic call and about 300 instructions.
    let tickDuration: DurationHistogram
    private var counters: [String: CoreMetrics.Counter] = [:]
    private var exported: [String: Int] = [:]
    private var gauges: [String: CoreMetrics.Gauge] = [:]

    init() {
        factory = PrometheusMetricsFactory(registry: registry)
        tickDuration = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "tickwire", metricName: "tick_duration", unitName: "seconds",
                                             helpText: "Time a room took to run one tick and send its snapshots."),
            buckets: [
                .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
                .milliseconds(1), .milliseconds(2), .milliseconds(4), .milliseconds(8), .milliseconds(16), .milliseconds(33),
            ])
    }

    /// Brings a monotonically growing count to `value` (adds the difference since last time).
    func count(_ name: String, _ value: Int, labels: [(String, String)] = []) {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        let counter = counters[key] ?? {
            let made = CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
            counters[key] = made
            return made
        }()
        let delta = value - exported[key, default: 0]
        if delta > 0 { counter.increment(by: delta) }
        exported[key] = value
    }

    func gauge(_ name: String, _ value: Int) {
        let gauge = gauges[name] ?? {
            let made = CoreMetrics.Gauge(label: name, factory: factory)
            gauges[name] = made
            return made
        }()
        gauge.record(value)
    }
}

extension GameServer {
    func metricsText() -> String {
        let c = counters
        let t = transportCounters
        // Open WebSockets only: not this scrape's own HTTP connection, nor upgrades in progress.
        metrics.gauge("tickwire_connections", sessionCount)
        metrics.gauge("tickwire_handshakes_in_progress", webSocketServer.handshaking)
        metrics.gauge("tickwire_rooms", roomCount)
        metrics.gauge("tickwire_players", playerCount)
        metrics.count("tickwire_connections_accepted_total", t.accepted)
        metrics.count("tickwire_websocket_upgrades_total", t.upgrades)
        metrics.count("tickwire_handshakes_rejected_total", t.handshakesRejected)
        metrics.count("tickwire_handshake_timeouts_total", t.handshakeTimeouts)
        metrics.count("tickwire_tls_failures_total", t.tlsFailures)
        metrics.count("tickwire_tls_certificate_reloads_total", c.certificateReloads)
        metrics.count("tickwire_credentials_total", c.credentialsAccepted, labels: [("result", "accepted")])
        for reason in ["missing", "invalid", "expired", "audience", "room"] {
            metrics.count("tickwire_credentials_total", c.credentialsRefused[reason, default: 0], labels: [("result", reason)])
        }
        metrics.count("tickwire_identities_replaced_total", c.identitiesReplaced)
        if directory != nil {
            for (op, count) in c.directoryOperations.sorted(by: { $0.key < $1.key }) {
                metrics.count("tickwire_directory_operations_total", count, labels: [("op", op)])
            }
            metrics.count("tickwire_redirects_total", c.redirects)
            metrics.count("tickwire_reservation_expiries_total", c.reservationExpiries)
            metrics.count("tickwire_redis_errors_total", c.redisErrors)
            metrics.count("tickwire_redis_reconnects_total", c.redisReconnects)
            metrics.gauge("tickwire_directory_up", isDirectoryAvailable ? 1 : 0)
        }
        metrics.count("tickwire_messages_in_total", c.messagesIn)
        metrics.count("tickwire_messages_out_total", c.messagesOut)
        metrics.count("tickwire_bytes_in_total", c.bytesIn)
        metrics.count("tickwire_bytes_out_total", c.bytesOut)
        metrics.count("tickwire_protocol_errors_total", c.protocolErrors)
        metrics.count("tickwire_players_joined_total", c.playersJoined)
        metrics.count("tickwire_players_left_total", c.playersLeft)
        metrics.count("tickwire_rooms_created_total", c.roomsCreated)
        metrics.count("tickwire_rooms_disposed_total", c.roomsDisposed)
        metrics.count("tickwire_ticks_total", c.ticks)
        metrics.count("tickwire_late_ticks_total", c.lateTicks)
        metrics.count("tickwire_missed_ticks_total", c.missedTicks)
        metrics.count("tickwire_snapshots_total", c.snapshotsFull, labels: [("type", "full")])
        metrics.count("tickwire_snapshots_total", c.snapshotsDelta, labels: [("type", "delta")])
        metrics.count("tickwire_snapshots_skipped_total", c.snapshotsSkipped)
        metrics.count("tickwire_inputs_dropped_total", c.inputsStale, labels: [("reason", "stale")])
        metrics.count("tickwire_inputs_dropped_total", c.inputsOverflow, labels: [("reason", "queue_full")])
        metrics.count("tickwire_resumes_total", c.resumes, labels: [("result", "accepted")])
        metrics.count("tickwire_resumes_total", c.resumesRefused, labels: [("result", "refused")])
        metrics.count("tickwire_drops_total", c.dropsHeartbeat, labels: [("reason", "heartbeat")])
        metrics.count("tickwire_drops_total", c.dropsIdle, labels: [("reason", "idle")])
        metrics.count("tickwire_drops_total", c.dropsSlowReader, labels: [("reason", "slow_reader")])
        metrics.count("tickwire_drops_total", c.dropsGraceExpired, labels: [("reason", "grace_expired")])
        var breaches = c.breaches
        breaches[.connections, default: 0] += t.refusedOverCapacity
        breaches[.handshakes, default: 0] += t.refusedHandshakes
        breaches[.connectionsPerAddress, default: 0] += t.refusedPerAddress
        breaches[.messageSize, default: 0] += t.messagesTooBig
        for kind in LimitKind.allCases {
            metrics.count("tickwire_limit_breaches_total", breaches[kind, default: 0], labels: [("limit", kind.rawValue)])
        }
        return metrics.registry.emitToString()
    }
}
