import Foundation

/// Reads a JSON config file into a `ServerConfiguration`. Keys are the flag names
/// (kebab-case); durations are in seconds. Unknown keys and wrong types are errors that
/// name the file and the key.
public enum ConfigFile {
    /// Why a config file could not be used.
    public struct LoadError: Error, CustomStringConvertible {
        /// One line naming the file, and the key when one is at fault.
        public let description: String
    }

    private struct Settings: Decodable {
        var host: String?
        var port: Int?
        var maps: String?
        var web: String?
        var maxWebFileSize: Int?
        var tickRate: Int?
        var snapshotRate: Int?
        var maxPlayers: Int?
        var maxRooms: Int?
        var emptyRoomTimeout: Double?
        var maxConnections: Int?
        var maxConnectionsPerAddress: Int?
        var maxHandshakes: Int?
        var handshakeTimeout: Double?
        var closeTimeout: Double?
        var maxMessageSize: Int?
        var maxFragments: Int?
        var inputsPerSecond: Int?
        var requestsPerSecond: Int?
        var maxNameLength: Int?
        var heartbeatInterval: Double?
        var idleTimeout: Double?
        var reconnectGrace: Double?
        var sendSoftLimit: Int?
        var sendHardLimit: Int?
        var sendStallTimeout: Double?
        var adminToken: String?
        var trustedProxy: Bool?
        var ioUring: Bool?
        var readGatherMs: Int?
        var allowedOrigins: [String]?
        var seed: UInt64?
        var record: String?
        var recordMaxFileSize: Int?
        var recordMaxTotalSize: Int?
        var tlsCert: String?
        var tlsKey: String?
        var authKey: String?
        var authAudience: String?
        var redis: String?
        var nodeID: String?
        var publicURL: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case host, port, maps, web, maxWebFileSize = "max-web-file-size"
            case tickRate = "tick-rate", snapshotRate = "snapshot-rate", maxPlayers = "max-players"
            case maxRooms = "max-rooms", emptyRoomTimeout = "empty-room-timeout"
            case maxConnections = "max-connections", maxConnectionsPerAddress = "max-connections-per-address"
            case maxHandshakes = "max-handshakes", handshakeTimeout = "handshake-timeout", closeTimeout = "close-timeout"
            case maxMessageSize = "max-message-size", maxFragments = "max-fragments"
            case inputsPerSecond = "inputs-per-second", requestsPerSecond = "requests-per-second", maxNameLength = "max-name-length"
            case heartbeatInterval = "heartbeat-interval", idleTimeout = "idle-timeout"
            case reconnectGrace = "reconnect-grace", sendSoftLimit = "send-soft-limit"
            case sendHardLimit = "send-hard-limit", sendStallTimeout = "send-stall-timeout", adminToken = "admin-token", trustedProxy = "trusted-proxy", ioUring = "io-uring", readGatherMs = "read-gather-ms", allowedOrigins = "allowed-origins", seed
            case record, recordMaxFileSize = "record-max-file-size", recordMaxTotalSize = "record-max-total-size"
            case tlsCert = "tls-cert", tlsKey = "tls-key", authKey = "auth-key", authAudience = "auth-audience"
            case redis, nodeID = "node-id", publicURL = "public-url"
        }
    }

    /// Every key a config file may hold.
    public static var keys: [String] { Settings.CodingKeys.allCases.map(\.rawValue) }

    /// Overrides the settings the file at `path` names, leaving the others; values are
    /// range-checked by `ServerConfiguration.problems()`, except durations, which must fit
    /// 0...86400 s to be read at all.
    public static func load(path: String, into configuration: inout ServerConfiguration) throws(LoadError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(path): cannot read the config file")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw LoadError(description: "\(path): not valid JSON (numbers must fit a double: at most about 1.8e308)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw LoadError(description: "\(path): not a JSON object of settings")
        }
        for key in dictionary.keys.sorted() where !keys.contains(key) {
            throw LoadError(description: "\(path): unknown setting \"\(key)\" (known: \(keys.joined(separator: ", ")))")
        }
        let settings: Settings
        do {
            settings = try JSONDecoder().decode(Settings.self, from: data)
        } catch let DecodingError.typeMismatch(type, context) {
            let key = context.codingPath.first?.stringValue ?? "?"
            // Deeper than a setting is an element of a list, and lists hold strings.
            let expected = context.codingPath.count > 1 ? "a list of strings" : describe(type)
            throw LoadError(description: "\(path): \"\(key)\" must be \(expected)")
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            // Foundation names no setting for a fraction (or a number too large) where a
            // whole number goes: decoding each setting alone finds it.
            let key = dictionary.keys.sorted().first { key in
                guard let alone = try? JSONSerialization.data(withJSONObject: [key: dictionary[key]!]) else { return false }
                return (try? JSONDecoder().decode(Settings.self, from: alone)) == nil
            }
            throw LoadError(description: "\(path): \"\(key ?? "?")\" must be a whole number")
        } catch let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.last?.stringValue ?? "?"
            throw LoadError(description: "\(path): \"\(key)\": \(context.debugDescription)")
        } catch {
            throw LoadError(description: "\(path): \(error)")
        }
        try apply(settings, to: &configuration, path: path)
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Double.Type: return "a number of seconds"
        case is [String].Type, is [Any].Type: return "a list of strings"
        default: return "a whole number"
        }
    }

    private static func milliseconds(_ seconds: Double, _ key: String, _ path: String) throws(LoadError) -> UInt64 {
        guard let milliseconds = ServerConfiguration.milliseconds(seconds: seconds) else {
            throw LoadError(description: "\(path): \"\(key)\" must be 0...\(ServerConfiguration.longestDurationMilliseconds / 1000) seconds, got \(seconds)")
        }
        return milliseconds
    }

    private static func apply(_ s: Settings, to c: inout ServerConfiguration, path: String) throws(LoadError) {
        if let v = s.host { c.host = v }
        if let v = s.port { c.port = v }
        if let v = s.maps { c.maps = v }
        if let v = s.web { c.webDirectory = v.isEmpty ? nil : v }
        if let v = s.maxWebFileSize { c.maxWebFileBytes = v }
        if let v = s.tickRate { c.tickRate = v }
        if let v = s.snapshotRate { c.snapshotRate = v }
        if let v = s.maxPlayers { c.maxPlayersPerRoom = v }
        if let v = s.maxRooms { c.maxRooms = v }
        if let v = s.emptyRoomTimeout { c.emptyRoomTimeoutMilliseconds = try milliseconds(v, "empty-room-timeout", path) }
        if let v = s.maxConnections { c.maxConnections = v }
        if let v = s.maxConnectionsPerAddress { c.maxConnectionsPerAddress = v }
        if let v = s.maxHandshakes { c.maxHandshakes = v }
        if let v = s.handshakeTimeout { c.handshakeTimeoutMilliseconds = try milliseconds(v, "handshake-timeout", path) }
        if let v = s.closeTimeout { c.closeTimeoutMilliseconds = try milliseconds(v, "close-timeout", path) }
        if let v = s.maxMessageSize { c.maxMessageBytes = v }
        if let v = s.maxFragments { c.maxFragments = v }
        if let v = s.inputsPerSecond { c.inputsPerSecond = v }
        if let v = s.requestsPerSecond { c.requestsPerSecond = v }
        if let v = s.maxNameLength { c.maxNameBytes = v }
        if let v = s.heartbeatInterval { c.heartbeatIntervalMilliseconds = try milliseconds(v, "heartbeat-interval", path) }
        if let v = s.idleTimeout { c.idleTimeoutMilliseconds = try milliseconds(v, "idle-timeout", path) }
        if let v = s.reconnectGrace { c.reconnectGraceMilliseconds = try milliseconds(v, "reconnect-grace", path) }
        if let v = s.sendSoftLimit { c.sendSoftLimitBytes = v }
        if let v = s.sendHardLimit { c.sendHardLimitBytes = v }
        if let v = s.sendStallTimeout { c.sendStallTimeoutMilliseconds = try milliseconds(v, "send-stall-timeout", path) }
        if let v = s.adminToken { c.adminToken = v }
        if let v = s.trustedProxy { c.trustedProxy = v }
        if let v = s.ioUring { c.ioUring = v }
        if let v = s.readGatherMs { c.readGatherMilliseconds = v }
        if let v = s.allowedOrigins { c.allowedOrigins = v }
        if let v = s.record { c.recordDirectory = v.isEmpty ? nil : v }
        if let v = s.recordMaxFileSize { c.recordMaxFileBytes = v }
        if let v = s.recordMaxTotalSize { c.recordMaxTotalBytes = v }
        if let v = s.seed { c.seed = v }
        if let v = s.tlsCert { c.tlsCertificateFile = v }
        if let v = s.tlsKey { c.tlsKeyFile = v }
        if let v = s.authKey { c.authKeyFile = v.isEmpty ? nil : v }
        if let v = s.authAudience { c.authAudience = v }
        if let v = s.redis { c.redisURL = v.isEmpty ? nil : v }
        if let v = s.nodeID { c.nodeID = v }
        if let v = s.publicURL { c.publicURL = v }
    }
}
