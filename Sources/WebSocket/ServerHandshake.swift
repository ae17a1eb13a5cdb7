import Crypto

/// The server's answer to an HTTP request on the WebSocket port.
public enum UpgradeDecision: Sendable, Equatable {
    /// Send `response` (101 Switching Protocols), then speak WebSocket.
    case accept(response: [UInt8], subprotocol: String?)
    /// Send `response` and close: 400 bad or missing headers or only unsupported
    /// subprotocols offered, 426 unsupported version (with `Sec-WebSocket-Version: 13`),
    /// 403 origin not allowed.
    case reject(response: [UInt8], status: Int)
    /// A plain HTTP request (no Upgrade header): the caller answers it (e.g. /health).
    case notUpgrade
}

/// RFC 6455 4.2 server handshake, as a pure function of the request head.
public enum ServerHandshake {
    static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    public static func decide(_ head: HTTPRequestHead, config: ServerHandshakeConfig) -> UpgradeDecision {
        // RFC 9112 3.2, for every request: exactly one Host on HTTP/1.1, at most one before.
        let hosts = head.headers.count(where: { ASCII.caseInsensitiveEquals($0.name, "Host") })
        if hosts > 1 { return reject(400, "more than one Host header") }
        if hosts == 0 && head.version != "HTTP/1.0" { return reject(400, "missing Host header") }
        if head.first("Upgrade") == nil { return .notUpgrade }
        guard head.method == "GET" else { return reject(400, "WebSocket upgrade must use GET") }
        guard let version = HTTPRequestParser.parseVersion(head.version), version.major == 1, version.minor >= 1 else {
            return reject(400, "WebSocket upgrade needs HTTP/1.1")
        }
        guard let host = head.first("Host"), !host.isEmpty else { return reject(400, "missing Host header") }
        guard head.tokens("Upgrade").contains("websocket") else { return reject(400, "Upgrade header must include websocket") }
        guard head.tokens("Connection").contains("upgrade") else { return reject(400, "Connection header must include upgrade") }
        guard head.first("Sec-WebSocket-Version") == "13" else {
            return reject(426, "unsupported WebSocket version", headers: [HTTPHeader(name: "Sec-WebSocket-Version", value: "13")])
        }
        let keys = head.headers.filter { ASCII.caseInsensitiveEquals($0.name, "Sec-WebSocket-Key") }
        guard keys.count == 1, Base64.decode(keys[0].value)?.count == 16 else {
            return reject(400, "Sec-WebSocket-Key must be base64 of 16 bytes")
        }
        if let origin = head.first("Origin"), !config.origins.allows(origin: origin, host: host) {
            return reject(403, "origin not allowed")
        }
        let offered = head.headers.listValues("Sec-WebSocket-Protocol")
        let subprotocol = negotiateSubprotocol(offered: offered, supported: config.subprotocols)
        // A client that asks only for protocols we do not speak (an old version, say) is told
        // so, rather than upgraded to a conversation it cannot follow.
        if subprotocol == nil, !offered.isEmpty, !config.subprotocols.isEmpty {
            let supported = config.subprotocols.joined(separator: ", ")
            return reject(400, "unsupported subprotocol \(offered.joined(separator: ", ")); this server speaks \(supported)")
        }

        var response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        response += "Sec-WebSocket-Accept: \(acceptKey(for: keys[0].value))\r\n"
        if let subprotocol { response += "Sec-WebSocket-Protocol: \(subprotocol)\r\n" }
        response += "\r\n"
        return .accept(response: Array(response.utf8), subprotocol: subprotocol)
    }

    /// base64(SHA-1(key + GUID)) as RFC 6455 4.2.2; e.g. "dGhlIHNhbXBsZSBub25jZQ==" ->
    /// "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
    public static func acceptKey(for key: String) -> String {
        Base64.encode(Array(Insecure.SHA1.hash(data: Array((key + acceptGUID).utf8))))
    }

    /// The server's most preferred subprotocol that the client offered (tokens are
    /// case-sensitive, RFC 6455 4.1); nil when there is none in common.
    static func negotiateSubprotocol(offered: [String], supported: [String]) -> String? {
        supported.first { offered.contains($0) }
    }

    private static func reject(_ status: Int, _ why: String, headers: [HTTPHeader] = []) -> UpgradeDecision {
        let response = HTTPResponse.make(
            status: status, reason: HTTPResponse.reasonPhrase(status), headers: headers, body: Array((why + "\n").utf8)
        )
        return .reject(response: response, status: status)
    }
}
