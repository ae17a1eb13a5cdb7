import Foundation

/// A `ws://` or `wss://host:port/path` URL.
public struct WebSocketURL: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var path: String
    /// wss://: the connection speaks TLS.
    public var isSecure = false

    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public let description: String
    }

    public init(host: String, port: Int, path: String = "/", isSecure: Bool = false) {
        self.host = host
        self.port = port
        self.path = path
        self.isSecure = isSecure
    }

    /// Parses `ws[s]://HOST[:PORT][/PATH]`; the port defaults to `plainPort` for ws:// (80
    /// unless given) and to 443 for wss://. IPv6 hosts go in brackets.
    public init(parsing text: String, plainPort: Int = 80) throws(ParseError) {
        func fail(_ why: String) -> ParseError { ParseError(description: "bad URL \"\(text)\": \(why)") }
        guard let schemeEnd = text.range(of: "://") else { throw fail("expected ws://HOST:PORT or wss://HOST:PORT") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "ws" || scheme == "wss" else { throw fail("scheme must be ws:// or wss://") }
        isSecure = scheme == "wss"
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let pathPart = rest.dropFirst(authority.count)
        path = pathPart.isEmpty ? "/" : String(pathPart.prefix { $0 != "#" })
        var hostPart = Substring(authority)
        var portPart: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw fail("unclosed [ in IPv6 host") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty { throw fail("junk after ]") }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portPart = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { throw fail("missing host") }
        guard !hostPart.contains("@") else { throw fail("user info is not supported") }
        // A certificate names the host as written, so wss keeps "localhost".
        host = hostPart == "localhost" && !isSecure ? "127.0.0.1" : String(hostPart)
        if let portPart {
            guard let value = Int(portPart), (1...65535).contains(value) else { throw fail("port must be 1...65535") }
            port = value
        } else {
            port = isSecure ? 443 : plainPort
        }
    }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(isSecure ? "wss" : "ws")://\(shownHost):\(port)\(path)"
    }
}
