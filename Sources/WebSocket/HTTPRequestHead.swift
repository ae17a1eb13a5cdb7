/// A parsed HTTP/1.x request line and header fields (no body).
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    public var target: String
    /// e.g. "HTTP/1.1".
    public var version: String
    public var headers: [HTTPHeader]

    public init(method: String, target: String, version: String, headers: [HTTPHeader]) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The value of the first header named `name` (case-insensitive).
    public func first(_ name: String) -> String? {
        headers.firstValue(name)
    }

    /// The value of the last header named `name` (case-insensitive).
    public func last(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Comma-separated, trimmed, lowercased tokens across all headers named `name`.
    public func tokens(_ name: String) -> [String] {
        headers.lowercasedTokens(name)
    }
}
