import Arena
import ArgumentParser
import Foundation
import GameCore
import Logging
import Server

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the game server on the maps in a directory.",
        discussion: "Every setting can also come from --config FILE (JSON, same names, durations in seconds); flags win.")

    @Option(help: "JSON config file with any of the settings below.")
    var config: String?

    @Option(help: "Address to listen on (default 0.0.0.0).") var host: String?
    // Numbers parse unconditionally: `--port -1` is then a number, refused by its range,
    // not a missing value.
    @Option(parsing: .unconditional, help: "Port to listen on (default 7777).") var port: Int?
    @Option(help: "Directory of map files (default maps).") var maps: String?
    @Option(help: "Directory served over HTTP on the game port, for browsers (default web; empty: none).") var web: String?
    @Option(name: .customLong("max-web-file-size"), parsing: .unconditional, help: "Largest file served from --web, in bytes (default 4194304).") var maxWebFileSize: Int?
    @Option(name: .customLong("tick-rate"), parsing: .unconditional, help: "Simulation ticks per second (default 60).") var tickRate: Int?
    @Option(name: .customLong("snapshot-rate"), parsing: .unconditional, help: "Snapshots per second per client (default 30).") var snapshotRate: Int?
    @Option(name: .customLong("max-players"), parsing: .unconditional, help: "Players per room, capped by each map (default 16).") var maxPlayers: Int?
    @Option(name: .customLong("max-rooms"), parsing: .unconditional, help: "Rooms at once (default 256).") var maxRooms: Int?
    @Option(name: .customLong("empty-room-timeout"), parsing: .unconditional, help: "Seconds an empty room lives (default 30).") var emptyRoomTimeout: Double?
    @Option(name: .customLong("max-connections"), parsing: .unconditional, help: "Connections at once (default 10000).") var maxConnections: Int?
    @Option(name: .customLong("max-connections-per-address"), parsing: .unconditional, help: "Connections per client address, 0 = no limit (default 0).") var maxConnectionsPerAddress: Int?
    @Option(name: .customLong("max-handshakes"), parsing: .unconditional, help: "Upgrades in progress at once (default 1000).") var maxHandshakes: Int?
    @Option(name: .customLong("handshake-timeout"), parsing: .unconditional, help: "Seconds to finish the upgrade (default 10).") var handshakeTimeout: Double?
    @Option(name: .customLong("close-timeout"), parsing: .unconditional, help: "Seconds a closing connection or an HTTP answer may take before the socket is reset (default 5).") var closeTimeout: Double?
    @Option(name: .customLong("max-message-size"), parsing: .unconditional, help: "Largest client message in bytes (default 4096).") var maxMessageSize: Int?
    @Option(name: .customLong("max-fragments"), parsing: .unconditional, help: "Most fragments per message (default 16).") var maxFragments: Int?
    @Option(name: .customLong("inputs-per-second"), parsing: .unconditional, help: "Inputs a player may send per second (default 120).") var inputsPerSecond: Int?
    @Option(name: .customLong("requests-per-second"), parsing: .unconditional, help: "Joins, leaves, room lists, resumes, spectates and refused messages a connection may send per second (default 20).") var requestsPerSecond: Int?
    @Option(name: .customLong("max-name-length"), parsing: .unconditional, help: "Longest player name in UTF-8 bytes (default 24).") var maxNameLength: Int?
    @Option(name: .customLong("heartbeat-interval"), parsing: .unconditional, help: "Seconds between pings; two missed pongs drop (default 3).") var heartbeatInterval: Double?
    @Option(name: .customLong("idle-timeout"), parsing: .unconditional, help: "Seconds without input before a player is removed (default 60).") var idleTimeout: Double?
    @Option(name: .customLong("reconnect-grace"), parsing: .unconditional, help: "Seconds a lost player's seat is kept (default 10).") var reconnectGrace: Double?
    @Option(name: .customLong("send-soft-limit"), parsing: .unconditional, help: "Queued bytes past which snapshots are skipped (default 65536).") var sendSoftLimit: Int?
    @Option(name: .customLong("send-hard-limit"), parsing: .unconditional, help: "Queued bytes past which a client is dropped (default 1048576).") var sendHardLimit: Int?
    @Option(name: .customLong("send-stall-timeout"), parsing: .unconditional, help: "Seconds a client may stay over the soft limit before it is dropped (default 5).") var sendStallTimeout: Double?
    @Option(name: .customLong("admin-token"), help: "Token that lets admins spectate; no token, no spectating.") var adminToken: String?
    @Flag(name: .customLong("trusted-proxy"), help: "Take client addresses from X-Forwarded-For (behind a reverse proxy).") var trustedProxy = false
    @Flag(name: .customLong("no-io-uring"), help: "Send snapshots with one write per client instead of one io_uring submission per tick, and read through epoll.") var noIOUring = false
    @Option(name: .customLong("read-gather-ms"), parsing: .unconditional, help: "Milliseconds the server gathers players' messages before reading them together, from 64 connections on (0...50, default 4; 0: each as it comes; io_uring on Linux 6.12+).") var readGatherMs: Int?
    @Option(name: .customLong("allowed-origin"), help: "A browser Origin allowed to connect besides the server's own, e.g. https://game.example (repeat for more; * allows any).") var allowedOrigins: [String] = []
    @Option(parsing: .unconditional, help: "Seed for every room's RNG (default random).") var seed: UInt64?
    @Option(help: "Directory where every room records a replay (created if missing); admins watch them (default: no recording).") var record: String?
    @Option(name: .customLong("record-max-file-size"), parsing: .unconditional, help: "Bytes after which a recording stops, up to 1 GiB (default 16777216).") var recordMaxFileSize: Int?
    @Option(name: .customLong("record-max-total-size"), parsing: .unconditional, help: "Bytes all recordings may take; the oldest go first (default 1073741824).") var recordMaxTotalSize: Int?
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve wss:// and https:// (with --tls-key; SIGHUP reloads both).") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.") var tlsKey: String?
    @Option(name: .customLong("auth-key"), help: "Require signed player tokens (JWT): the HS256 secret file, or the ES256 or Ed25519 public key in PEM.") var authKey: String?
    @Option(name: .customLong("auth-audience"), help: "The aud every token must name (default tickwire).") var authAudience: String?
    @Option(help: "Join a cluster whose directory is this Redis: redis://HOST[:PORT][/DB] (with --node-id and --public-url; see docs/SCALING.md).") var redis: String?
    @Option(name: .customLong("node-id"), help: "This node's id in the cluster, 1-16 characters of A-Z a-z 0-9 _ -.") var nodeID: String?
    @Option(name: .customLong("public-url"), help: "The ws:// or wss:// URL clients reach this node at (sent in redirects).") var publicURL: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error (default info).") var logLevel: String = "info"

    func validate() throws {
        _ = try resolvedConfiguration()
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func resolvedConfiguration() throws -> ServerConfiguration {
        var c = ServerConfiguration()
        if let config {
            do { try ConfigFile.load(path: config, into: &c) } catch { throw ValidationError(error.description) }
        }
        func ms(_ seconds: Double?, _ name: String) throws -> UInt64? {
            guard let seconds else { return nil }
            guard let milliseconds = ServerConfiguration.milliseconds(seconds: seconds) else {
                throw ValidationError("--\(name) must be 0...\(ServerConfiguration.longestDurationMilliseconds / 1000) seconds, got \(seconds)")
            }
            return milliseconds
        }
        if let host { c.host = host }
        if let port { c.port = port }
        if let maps { c.maps = maps }
        if let web { c.webDirectory = web.isEmpty ? nil : web }
        if let maxWebFileSize { c.maxWebFileBytes = maxWebFileSize }
        if let tickRate { c.tickRate = tickRate }
        if let snapshotRate { c.snapshotRate = snapshotRate }
        if let maxPlayers { c.maxPlayersPerRoom = maxPlayers }
        if let maxRooms { c.maxRooms = maxRooms }
        if let v = try ms(emptyRoomTimeout, "empty-room-timeout") { c.emptyRoomTimeoutMilliseconds = v }
        if let maxConnections { c.maxConnections = maxConnections }
        if let maxConnectionsPerAddress { c.maxConnectionsPerAddress = maxConnectionsPerAddress }
        if let maxHandshakes { c.maxHandshakes = maxHandshakes }
        if let v = try ms(handshakeTimeout, "handshake-timeout") { c.handshakeTimeoutMilliseconds = v }
        if let v = try ms(closeTimeout, "close-timeout") { c.closeTimeoutMilliseconds = v }
        if let maxMessageSize { c.maxMessageBytes = maxMessageSize }
        if let maxFragments { c.maxFragments = maxFragments }
        if let inputsPerSecond { c.inputsPerSecond = inputsPerSecond }
        if let requestsPerSecond { c.requestsPerSecond = requestsPerSecond }
        if let maxNameLength { c.maxNameBytes = maxNameLength }
        if let v = try ms(heartbeatInterval, "heartbeat-interval") { c.heartbeatIntervalMilliseconds = v }
        if let v = try ms(idleTimeout, "idle-timeout") { c.idleTimeoutMilliseconds = v }
        if let v = try ms(reconnectGrace, "reconnect-grace") { c.reconnectGraceMilliseconds = v }
        if let sendSoftLimit { c.sendSoftLimitBytes = sendSoftLimit }
        if let sendHardLimit { c.sendHardLimitBytes = sendHardLimit }
        if let v = try ms(sendStallTimeout, "send-stall-timeout") { c.sendStallTimeoutMilliseconds = v }
        if let adminToken { c.adminToken = adminToken }
        if trustedProxy { c.trustedProxy = true }
        if noIOUring { c.ioUring = false }
        if let readGatherMs { c.readGatherMilliseconds = readGatherMs }
        if let seed { c.seed = seed }
        if let record { c.recordDirectory = record.isEmpty ? nil : record }
        if let recordMaxFileSize { c.recordMaxFileBytes = recordMaxFileSize }
        if let recordMaxTotalSize { c.recordMaxTotalBytes = recordMaxTotalSize }
        if !allowedOrigins.isEmpty { c.allowedOrigins = allowedOrigins }
        if let tlsCert { c.tlsCertificateFile = tlsCert }
        if let tlsKey { c.tlsKeyFile = tlsKey }
        if let authKey { c.authKeyFile = authKey }
        if let authAudience { c.authAudience = authAudience }
        if let redis { c.redisURL = redis.isEmpty ? nil : redis }
        if let nodeID { c.nodeID = nodeID }
        if let publicURL { c.publicURL = publicURL }
        let problems = c.problems()
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        return c
    }

    func run() throws {
        let configuration = try resolvedConfiguration()
        var logger = Logger(label: "tickwire")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let arena: GameDefinition
        do { arena = try ArenaGame.definition(mapsDirectory: configuration.maps) } catch {
            throw ValidationError("cannot load maps: \(error)")
        }
        do {
            try ServerRunner.run(configuration: configuration, games: [arena], logger: logger) { server in
                let levels = arena.levels.map { "\($0.key) (\($0.grid.map { "\($0.width)x\($0.height), " } ?? "")\($0.capacity) players)" }
                print("tickwire serve listening on \(configuration.host):\(server.port); maps: \(levels.joined(separator: ", "))")
                if let web = configuration.webDirectory, FileManager.default.fileExists(atPath: web + "/index.html") {
                    let host = ["0.0.0.0": "127.0.0.1", "::": "::1"][configuration.host] ?? configuration.host
                    print("Play in a browser: \(server.isTLS ? "https" : "http")://\(host.contains(":") ? "[\(host)]" : host):\(server.port)/")
                }
                if let cluster = configuration.cluster {
                    print("cluster node \(cluster.nodeID) at \(cluster.publicURL); directory redis://\(cluster.redisHost):\(cluster.redisPort)/\(cluster.redisDatabase)")
                }
                fflush(nil)  // supervisors and benchmarks wait for this line on a pipe
            }
        } catch let error as GameServerError {
            throw ValidationError(error.description)
        }
    }
}
