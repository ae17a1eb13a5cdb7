/// Where a node finds its cluster's directory, and how the other nodes name and reach it.
public struct ClusterSettings: Sendable, Equatable {
    /// The Redis server holding the directory.
    public var redisHost: String
    public var redisPort: Int
    /// The Redis database number (`SELECT`), 0 by default.
    public var redisDatabase: Int
    /// This node's id, unique in the cluster.
    public var nodeID: String
    /// The URL clients are redirected to for this node's rooms.
    public var publicURL: String
    /// Every directory key starts with this.
    public var keyPrefix = "tickwire:"

    /// Why cluster settings cannot be used.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `redis://HOST[:PORT][/DB]` (port 6379 and database 0 by default) and checks
    /// the node id and public URL.
    public init(redisURL: String, nodeID: String, publicURL: String) throws(Problem) {
        guard redisURL.hasPrefix("redis://") else {
            throw Problem(description: "redis must be redis://HOST[:PORT][/DB], got \"\(redisURL)\"")
        }
        var rest = Substring(redisURL.dropFirst("redis://".count))
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let text = rest[rest.index(after: slash)...]
            guard let number = Int(text), (0...15).contains(number) else {
                throw Problem(description: "redis: database \"\(text)\" must be a number 0...15")
            }
            database = number
            rest = rest[..<slash]
        }
        var host = String(rest), port = 6379
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw Problem(description: "redis: unclosed [ in \"\(redisURL)\"") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else {
                    throw Problem(description: "redis: bad port in \"\(redisURL)\"")
                }
                port = number
            }
        } else if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]) else {
                throw Problem(description: "redis: bad port in \"\(redisURL)\"")
            }
            host = String(rest[..<colon])
            port = number
        }
        guard !host.isEmpty, (1...65535).contains(port) else {
            throw Problem(description: "redis: \"\(redisURL)\" needs a host and a port 1...65535")
        }
        let idBytes = Array(nodeID.utf8)
        guard (1...16).contains(idBytes.count), idBytes.allSatisfy({ RoomID.isIDByte($0) }) else {
            throw Problem(description: "node-id must be 1-16 characters of A-Z a-z 0-9 _ - (every node its own), got \"\(nodeID)\"")
        }
        guard (publicURL.hasPrefix("ws://") || publicURL.hasPrefix("wss://")), publicURL.utf8.count <= 256,
              !publicURL.contains(where: { $0 == " " || $0.isNewline }) else {
            throw Problem(description: "public-url must be the ws:// or wss:// URL clients reach this node at, got \"\(publicURL)\"")
        }
        redisHost = host
        redisPort = port
        redisDatabase = database
        self.nodeID = nodeID
        self.publicURL = publicURL
    }
}
