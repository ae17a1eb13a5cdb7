/// Outcome of feeding bytes to `HTTPRequestParser`.
public enum HTTPParseResult: Sendable, Equatable {
    case needMore
    /// `consumed`: how many bytes of the LAST fed buffer belong to the head; the rest
    /// (e.g. frames sent right after the handshake) is the caller's.
    case complete(HTTPRequestHead, consumed: Int)
    /// 400 malformed, 431 head too large (bytes or header count), 505 unsupported HTTP version.
    case failed(status: Int, reason: String)
}

/// Accumulates request bytes until CRLFCRLF, then parses the request line and headers.
/// Incremental: feed each read as it arrives. After `.complete` the parser is ready for
/// the next request; after `.failed` it keeps returning the same failure.
public struct HTTPRequestParser: Sendable {
    private let limits: HandshakeLimits
    private var accumulator: HTTPHeadAccumulator
    private var failure: HTTPParseResult?

    public init(limits: HandshakeLimits = .init()) {
        self.limits = limits
        self.accumulator = HTTPHeadAccumulator(maxBytes: limits.maxHeaderBytes)
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> HTTPParseResult {
        if let failure { return failure }
        let result: HTTPParseResult
        switch accumulator.feed(bytes) {
        case .needMore:
            return .needMore
        case .tooLarge:
            result = .failed(status: 431, reason: "request head too large")
        case .bareLineEnd:
            result = .failed(status: 400, reason: "bare CR or LF in head (lines end with CRLF)")
        case .complete(let consumed):
            result = Self.parse(accumulator.head, maxHeaderCount: limits.maxHeaderCount, consumed: consumed)
            accumulator.reset()
        }
        if case .failed = result { failure = result }
        return result
    }

    static func parse(_ head: ArraySlice<UInt8>, maxHeaderCount: Int, consumed: Int) -> HTTPParseResult {
        let startLine: String
        let headers: [HTTPHeader]
        switch HTTPHeadParsing.split(head, maxHeaderCount: maxHeaderCount) {
        case .failure(.tooManyHeaders):
            return .failed(status: 431, reason: "too many headers")
        case .failure(.malformed(let why)):
            return .failed(status: 400, reason: why)
        case .success(let parts):
            (startLine, headers) = parts
        }
        // request-line = method SP request-target SP HTTP-version
        let parts = startLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].utf8.allSatisfy(ASCII.isTokenByte), !parts[1].isEmpty else {
            return .failed(status: 400, reason: "malformed request line")
        }
        let version = String(parts[2])
        guard let (major, _) = parseVersion(version) else {
            return .failed(status: 400, reason: "malformed HTTP version")
        }
        if major != 1 { return .failed(status: 505, reason: "HTTP version not supported") }
        return .complete(
            HTTPRequestHead(method: String(parts[0]), target: originForm(parts[1]), version: version, headers: headers),
            consumed: consumed
        )
    }

    /// The path and query of a request target. A server must accept the absolute form
    /// (`http://host/path`, RFC 9112 3.2.2), which some proxies send; routes then see
    /// `/path` either way.
    static func originForm(_ target: Substring) -> String {
        let lowercased = target.lowercased()
        guard lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://") else { return String(target) }
        let afterScheme = target[target.index(target.firstIndex(of: ":")!, offsetBy: 3)...]
        guard let start = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let rest = afterScheme[start...]
        return rest.first == "?" ? "/" + rest : String(rest)
    }

    /// "HTTP/x.y" with single digits (RFC 7230 2.6).
    static func parseVersion(_ text: String) -> (major: Int, minor: Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 8, bytes[0..<5].elementsEqual("HTTP/".utf8), bytes[6] == UInt8(ascii: "."),
              (48...57).contains(bytes[5]), (48...57).contains(bytes[7]) else { return nil }
        return (Int(bytes[5] - 48), Int(bytes[7] - 48))
    }
}
