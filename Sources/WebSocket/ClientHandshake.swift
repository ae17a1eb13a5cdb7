/// RFC 6455 4.1 client handshake: builds the upgrade request and checks the server's
/// response. Pure: the caller sends `requestBytes` and feeds what comes back.
public struct ClientHandshake: Sendable {
    public enum Result: Sendable, Equatable {
        case needMore
        /// `consumed`: bytes of the LAST fed buffer that belonged to the response head;
        /// the rest are already WebSocket frames.
        case accepted(subprotocol: String?, consumed: Int)
        case failed(String)
    }

    /// Cap on the response head so a misbehaving server cannot make us buffer forever.
    static let maxResponseHeadBytes = 8 * 1024

    public let host: String
    public let path: String
    public let subprotocols: [String]
    private let key: String
    private var accumulator = HTTPHeadAccumulator(maxBytes: ClientHandshake.maxResponseHeadBytes)
    private var finished: Result?

    /// `key`: 16 random bytes chosen by the caller (RFC 6455 4.1 requires a fresh nonce).
    public init(host: String, path: String, subprotocols: [String] = [], key: [UInt8]) {
        precondition(key.count == 16, "Sec-WebSocket-Key must be 16 bytes")
        self.host = host
        self.path = path
        self.subprotocols = subprotocols
        self.key = Base64.encode(key)
    }

    public var requestBytes: [UInt8] {
        var text = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        if !subprotocols.isEmpty { text += "Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Feed response bytes as they arrive. Once accepted or failed, the result is sticky.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Result {
        if let finished { return finished }
        let result: Result
        switch accumulator.feed(bytes) {
        case .needMore:
            return .needMore
        case .tooLarge:
            result = .failed("response head over \(Self.maxResponseHeadBytes) bytes")
        case .bareLineEnd:
            result = .failed("bare CR or LF in the response head (lines end with CRLF)")
        case .complete(let consumed):
            result = check(accumulator.head, consumed: consumed)
            accumulator.reset()
        }
        finished = result
        return result
    }

    private func check(_ head: ArraySlice<UInt8>, consumed: Int) -> Result {
        guard case .success(let (statusLine, headers)) = HTTPHeadParsing.split(head, maxHeaderCount: 64) else {
            return .failed("malformed response head")
        }
        // status-line = HTTP-version SP status-code SP reason-phrase
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, HTTPRequestParser.parseVersion(String(parts[0])) != nil else {
            return .failed("malformed status line")
        }
        guard parts[1] == "101" else { return .failed("unexpected status \(parts[1])") }
        guard headers.lowercasedTokens("Upgrade").contains("websocket") else { return .failed("missing Upgrade: websocket") }
        guard headers.lowercasedTokens("Connection").contains("upgrade") else { return .failed("missing Connection: upgrade") }
        guard headers.firstValue("Sec-WebSocket-Accept") == ServerHandshake.acceptKey(for: key) else {
            return .failed("wrong Sec-WebSocket-Accept")
        }
        let chosen = headers.listValues("Sec-WebSocket-Protocol")
        if chosen.count > 1 { return .failed("server chose several subprotocols") }
        if let protocolName = chosen.first, !subprotocols.contains(protocolName) {
            return .failed("server chose a subprotocol we did not offer")
        }
        return .accepted(subprotocol: chosen.first, consumed: consumed)
    }
}
