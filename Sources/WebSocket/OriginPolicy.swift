/// Which browser pages may open a WebSocket. Only browsers send `Origin`, and any other
/// client could claim one, so a request without it is always let through: the policy guards
/// players' browsers against other sites' pages, not the server against bots.
public enum OriginPolicy: Sendable, Equatable {
    /// Any origin (the echo server, where conformance suites connect from anywhere).
    case any
    /// Pages of the server's own origin (the `Origin` names the same host and port as the
    /// request's `Host`), and these listed origins, compared case-insensitively as written.
    case sameOrigin(alsoAllowing: [String])

    /// Whether a request with this `Origin` and `Host` may upgrade.
    public func allows(origin: String, host: String) -> Bool {
        switch self {
        case .any:
            return true
        case .sameOrigin(let listed):
            return listed.contains { ASCII.caseInsensitiveEquals($0, origin) } || Self.isSameOrigin(origin, host: host)
        }
    }

    /// Whether `text` is written as a browser writes an http(s) `Origin`: scheme://host[:port].
    public static func isOrigin(_ text: String) -> Bool {
        authority(ofOrigin: text) != nil
    }

    /// `http://h:p` or `https://h:p` against `Host: h:p`, the port defaulting to the origin
    /// scheme's (80 or 443) on both sides, so `https://game.example` matches `game.example`
    /// and `game.example:443` behind a TLS proxy that passes the Host on.
    static func isSameOrigin(_ origin: String, host: String) -> Bool {
        guard let page = authority(ofOrigin: origin),
              let server = hostAndPort(host.lowercased()[...], defaultPort: page.defaultPort) else { return false }
        return page.host == server.host && page.port == server.port
    }

    /// The host and port an http(s) origin names; nil for "null" (sandboxed pages, files),
    /// other schemes, and anything with a path.
    static func authority(ofOrigin origin: String) -> (host: Substring, port: Substring, defaultPort: Substring)? {
        let origin = origin.lowercased()[...]
        let defaultPort: Substring, rest: Substring
        if origin.hasPrefix("http://") { (defaultPort, rest) = ("80", origin.dropFirst(7)) }
        else if origin.hasPrefix("https://") { (defaultPort, rest) = ("443", origin.dropFirst(8)) }
        else { return nil }
        return hostAndPort(rest, defaultPort: defaultPort).map { ($0.host, $0.port, defaultPort) }
    }

    /// `host[:port]` split in two (an IPv6 literal keeps its brackets); nil for anything else.
    static func hostAndPort(_ text: Substring, defaultPort: Substring) -> (host: Substring, port: Substring)? {
        guard !text.isEmpty, !text.contains(where: { "/?#@ ".contains($0) }) else { return nil }
        let hostEnd = text.hasPrefix("[") ? text.firstIndex(of: "]").map(text.index(after:)) : text.firstIndex(of: ":") ?? text.endIndex
        guard let hostEnd else { return nil }
        let port = text[hostEnd...]
        if port.isEmpty || port == ":" { return (text[..<hostEnd], defaultPort) }
        guard port.hasPrefix(":"), port.dropFirst().allSatisfy(\.isASCII), port.dropFirst().allSatisfy(\.isNumber) else { return nil }
        return (text[..<hostEnd], port.dropFirst())
    }
}
