/// A `ws://` or `wss://host:port/path` URL taken apart.
public struct ServerAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var path: String
    /// wss://: the connection speaks TLS.
    public var isSecure: Bool

    public init(host: String, port: Int, path: String = "/", isSecure: Bool = false) {
        self.host = host
        self.port = port
        self.path = path
        self.isSecure = isSecure
    }

    /// Parses `ws[s]://host[:port][/path]`; the port defaults to 7777 (the server's default)
    /// for ws://, 443 for wss://.
    public static func parse(_ url: String) -> Result<ServerAddress, ServerAddressError> {
        let isSecure = url.hasPrefix("wss://")
        guard url.hasPrefix("ws://") || isSecure else {
            return .failure(ServerAddressError("\(url): the URL must start with ws:// or wss:// (e.g. ws://127.0.0.1:7777)"))
        }
        let rest = url.dropFirst(isSecure ? "wss://".count : "ws://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        var host = Substring(authority)
        var portText: Substring?
        if host.hasPrefix("[") {  // an IPv6 literal: [::1]:7777
            guard let close = host.firstIndex(of: "]") else { return .failure(ServerAddressError("\(url): unclosed [ in the host")) }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                return .failure(ServerAddressError("\(url): junk after ]"))
            }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        var port = isSecure ? 443 : 7777
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                return .failure(ServerAddressError("\(url): the port must be 1...65535"))
            }
            port = parsed
        }
        guard !host.isEmpty else { return .failure(ServerAddressError("\(url): no host")) }
        return .success(ServerAddress(host: String(host), port: port, path: path.isEmpty ? "/" : String(path), isSecure: isSecure))
    }

    public var url: String {
        "\(isSecure ? "wss" : "ws")://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path == "/" ? "" : path)"
    }
}

public struct ServerAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
