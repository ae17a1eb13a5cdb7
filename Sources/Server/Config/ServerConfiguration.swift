import WebSocket

/// Every setting of `tickwire serve`, each with a default. The same names (kebab-case)
/// are the command-line flags and the keys of the JSON config file; flags win.
public struct ServerConfiguration: Sendable, Equatable {
    /// Address to listen on; 0.0.0.0 for every interface.
    public var host = "0.0.0.0"
    /// TCP port to listen on, 0...65535 (0: any free port, see `GameServer.port`).
    public var port = 7777
    /// Directory of Arena map files; `tickwire serve` reads it, `GameServer` does not.
    public var maps = "maps"
    /// Directory whose files are served over plain HTTP on the game port (the browser
    /// client); nil serves none.
    public var webDirectory: String? = "web"
    /// Larger files in the web directory are refused (403).
    public var maxWebFileBytes = 4 << 20
    /// Simulation ticks per second, 1...1000; every game's `tickRates` must contain it.
    public var tickRate = 60
    /// Snapshots per second to each client, 1...tickRate; every game's `snapshotRates` must contain it.
    public var snapshotRate = 30
    /// Seats per room, 1...64; a level with a smaller capacity seats fewer.
    public var maxPlayersPerRoom = 16
    /// Rooms at once, 1...100000; a join that needs one more closes the room empty the
    /// longest, or gets `tooManyRooms` when none is empty.
    public var maxRooms = 256
    /// How long a room with no players or spectators lives before it is disposed.
    public var emptyRoomTimeoutMilliseconds: UInt64 = 30_000
    /// TCP connections at once; more are answered 503 and closed.
    public var maxConnections = 10_000
    /// Connections from one client address (429 past it); 0 = unlimited. See `trustedProxy`.
    public var maxConnectionsPerAddress = 0  // 0 = unlimited
    /// WebSocket upgrades in progress at once; more are answered 503.
    public var maxHandshakes = 1_000
    /// Time a new connection has to finish its upgrade; at least 100.
    public var handshakeTimeoutMilliseconds: UInt64 = 10_000
    /// How long a closing connection (close frame sent or received, data still queued) or a
    /// plain HTTP answer may take before the socket is reset.
    public var closeTimeoutMilliseconds: UInt64 = 5_000
    /// Largest client message, 64...16 MiB; a larger one closes the connection with 1009.
    public var maxMessageBytes = 4_096
    /// Most fragments per client message, 1...1024; more close the connection with 1009.
    public var maxFragments = 16
    /// Inputs a player may send per second, 1...10000; more get `rateLimited`, which closes.
    public var inputsPerSecond = 120
    /// Other requests (join, leave, listRooms, resume, spectate, refused messages) a
    /// connection may send per second, 1...10000; more get `rateLimited`, which closes.
    public var requestsPerSecond = 20
    /// Longest player name in UTF-8 bytes, 1...64.
    public var maxNameBytes = 24
    /// Time between heartbeat pings (checked at each sweep); two left unanswered drop the connection.
    public var heartbeatIntervalMilliseconds: UInt64 = 3_000
    /// A player with no input, or a lobby connection with no message, this long is removed; at least 1000.
    public var idleTimeoutMilliseconds: UInt64 = 60_000
    /// How long a lost player's seat waits for a `resume`.
    public var reconnectGraceMilliseconds: UInt64 = 10_000
    /// Queued outbound bytes past which a client's snapshots are skipped; at least 1024.
    public var sendSoftLimitBytes = 64 * 1024
    /// Queued outbound bytes past which a client is dropped; above the soft limit.
    public var sendHardLimitBytes = 1024 * 1024
    /// A client whose unsent bytes stay over the soft limit this long (every snapshot
    /// skipped, nothing drained below the cap) is disconnected as stalled.
    public var sendStallTimeoutMilliseconds: UInt64 = 5_000
    /// How often heartbeats, idle checks, grace expiry and room disposal run, 50...10000.
    /// Not a flag or config key.
    public var sweepIntervalMilliseconds: UInt64 = 1_000
    /// Secret that lets admins spectate, at least 8 bytes; nil (or empty) turns spectating off.
    public var adminToken: String?
    /// Hand each tick's snapshot sends to the kernel in one io_uring submission (falls back
    /// to one write per client when the kernel refuses io_uring).
    public var ioUring = true
    /// With `ioUring`, on Linux 6.12 and later, while 64 or more connections are open: the
    /// loop, once it waits, gathers players' messages for this long (or until the next
    /// tick) and reads them together, so a message is read up to this much later: inputs
    /// wait for the next tick anyway, pongs and handshake steps are answered that much
    /// later. 0 reads each as it comes.
    public var readGatherMilliseconds = 4
    /// Behind a reverse proxy: take client addresses from X-Forwarded-For, and apply
    /// `maxConnectionsPerAddress` at the upgrade instead of at accept.
    public var trustedProxy = false
    /// Browser origins allowed to connect besides the server's own (403 otherwise), such as
    /// "https://game.example"; "*" allows any. Requests without an Origin header (bots,
    /// native clients) are not browsers and are let through.
    public var allowedOrigins: [String] = []
    /// The handshake's origin rule from `allowedOrigins`.
    public var originPolicy: OriginPolicy {
        allowedOrigins.contains("*") ? .any : .sameOrigin(alsoAllowing: allowedOrigins)
    }
    /// Fixed seed for every room's RNG (tests, replays); random when nil.
    public var seed: UInt64?
    /// Directory where every room records a replay, and where admins' replays are found;
    /// nil records nothing and offers no replays.
    public var recordDirectory: String?
    /// A recording stops (with a trailer) once its file reaches this size.
    public var recordMaxFileBytes = 16 << 20
    /// The recordings together stay under this size: the oldest are removed first.
    public var recordMaxTotalBytes = 1 << 30
    /// PEM certificate chain (leaf first) for wss:// and https:// on the game port; with
    /// `tlsKeyFile`. Both nil: plain ws:// and http://. SIGHUP reloads both files.
    public var tlsCertificateFile: String?
    /// PEM private key of `tlsCertificateFile`.
    public var tlsKeyFile: String?
    /// Players must present a signed token (JWT) to join, resume or spectate: this file
    /// holds the HS256 secret, or the ES256 or Ed25519 public key in PEM. Nil: names are free.
    public var authKeyFile: String?
    /// The `aud` every token must name.
    public var authAudience = "tickwire"
    /// `redis://HOST:PORT[/DB]`: this node joins the cluster whose directory that Redis
    /// holds (docs/SCALING.md). Nil: a single node, no Redis.
    public var redisURL: String?
    /// This node's id in the cluster, 1...16 characters of A-Z a-z 0-9 _ -; unique among
    /// the nodes. Required with `redisURL`.
    public var nodeID: String?
    /// The ws:// or wss:// URL clients reach this node at, sent to them in redirects.
    /// Required with `redisURL`.
    public var publicURL: String?
    /// The cluster settings, when `redisURL`, `nodeID` and `publicURL` are valid.
    public var cluster: ClusterSettings? {
        guard let redisURL, let nodeID, let publicURL else { return nil }
        return try? ClusterSettings(redisURL: redisURL, nodeID: nodeID, publicURL: publicURL)
    }

    /// Every setting at its default.
    public init() {}

    /// The longest any duration setting may be.
    public static let longestDurationMilliseconds: UInt64 = 86_400_000

    /// A duration setting given in seconds, in milliseconds; nil unless 0...86400 (NaN too).
    public static func milliseconds(seconds: Double) -> UInt64? {
        guard seconds >= 0, seconds * 1000 <= Double(longestDurationMilliseconds) else { return nil }
        return UInt64(seconds * 1000)
    }

    /// Every problem with the values, one sentence each; empty when all is well.
    public func problems() -> [String] {
        var problems: [String] = []
        func check(_ ok: Bool, _ message: @autoclosure () -> String) { if !ok { problems.append(message()) } }
        check((0...65535).contains(port), "port must be 0...65535, got \(port)")
        check((1...1000).contains(tickRate), "tick-rate must be 1...1000 Hz, got \(tickRate)")
        check(snapshotRate >= 1 && snapshotRate <= max(tickRate, 1), "snapshot-rate must be 1...tick-rate (\(tickRate)), got \(snapshotRate)")
        check((1...64).contains(maxPlayersPerRoom), "max-players must be 1...64, got \(maxPlayersPerRoom)")
        check((1...100_000).contains(maxRooms), "max-rooms must be 1...100000, got \(maxRooms)")
        check(maxConnections >= 1, "max-connections must be at least 1, got \(maxConnections)")
        check(maxConnectionsPerAddress >= 0, "max-connections-per-address must be 0 (unlimited) or more, got \(maxConnectionsPerAddress)")
        check(maxHandshakes >= 1, "max-handshakes must be at least 1, got \(maxHandshakes)")
        check(handshakeTimeoutMilliseconds >= 100, "handshake-timeout must be at least 0.1 s")
        check(closeTimeoutMilliseconds >= 100, "close-timeout must be at least 0.1 s")
        // Every connection state keeps a deadline: none may be pushed out of reach.
        for (name, value) in [("empty-room-timeout", emptyRoomTimeoutMilliseconds), ("handshake-timeout", handshakeTimeoutMilliseconds),
                              ("close-timeout", closeTimeoutMilliseconds), ("heartbeat-interval", heartbeatIntervalMilliseconds),
                              ("idle-timeout", idleTimeoutMilliseconds), ("reconnect-grace", reconnectGraceMilliseconds),
                              ("send-stall-timeout", sendStallTimeoutMilliseconds)] {
            check(value <= Self.longestDurationMilliseconds, "\(name) must be at most \(Self.longestDurationMilliseconds / 1000) s (a day), got \(Double(value) / 1000) s")
        }
        check((4096...(1 << 30)).contains(recordMaxFileBytes),
              "record-max-file-size must be 4096...1073741824 bytes, got \(recordMaxFileBytes)")
        check(recordMaxTotalBytes >= recordMaxFileBytes && recordMaxTotalBytes <= 1 << 50, "record-max-total-size must be record-max-file-size (\(recordMaxFileBytes)) to 2^50 bytes, got \(recordMaxTotalBytes)")
        for origin in allowedOrigins where origin != "*" && !OriginPolicy.isOrigin(origin) {
            problems.append("allowed-origin \"\(origin)\" is not an origin: write scheme://host[:port], such as https://game.example, with no path")
        }
        check((1...(256 << 20)).contains(maxWebFileBytes), "max-web-file-size must be 1...268435456 bytes, got \(maxWebFileBytes)")
        check((64...(16 << 20)).contains(maxMessageBytes), "max-message-size must be 64...16777216 bytes, got \(maxMessageBytes)")
        check((1...1024).contains(maxFragments), "max-fragments must be 1...1024, got \(maxFragments)")
        check((1...10_000).contains(inputsPerSecond), "inputs-per-second must be 1...10000, got \(inputsPerSecond)")
        check((1...10_000).contains(requestsPerSecond), "requests-per-second must be 1...10000, got \(requestsPerSecond)")
        check((1...64).contains(maxNameBytes), "max-name-length must be 1...64 bytes, got \(maxNameBytes)")
        check((0...50).contains(readGatherMilliseconds), "read-gather-ms must be 0...50 ms, got \(readGatherMilliseconds)")
        check(heartbeatIntervalMilliseconds >= 100, "heartbeat-interval must be at least 0.1 s")
        check(idleTimeoutMilliseconds >= 100, "idle-timeout must be at least 0.1 s")
        check(sendSoftLimitBytes >= 1024, "send-soft-limit must be at least 1024 bytes, got \(sendSoftLimitBytes)")
        check(sendHardLimitBytes > sendSoftLimitBytes, "send-hard-limit (\(sendHardLimitBytes)) must exceed send-soft-limit (\(sendSoftLimitBytes))")
        check((50...10_000).contains(sweepIntervalMilliseconds), "sweep-interval must be 0.05...10 s")
        if let adminToken { check(adminToken.utf8.count >= 8, "admin-token must be at least 8 characters") }
        check((tlsCertificateFile == nil) == (tlsKeyFile == nil), "tls-cert and tls-key go together: give both or neither")
        check(!authAudience.isEmpty && authAudience.utf8.count <= 256, "auth-audience must be 1...256 bytes")
        if let redisURL {
            do {
                _ = try ClusterSettings(redisURL: redisURL, nodeID: nodeID ?? "", publicURL: publicURL ?? "")
            } catch {
                problems.append(error.description)
            }
        } else {
            check(nodeID == nil && publicURL == nil, "node-id and public-url are for a cluster: give redis too")
        }
        return problems
    }
}
