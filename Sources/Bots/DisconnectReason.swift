import Client

/// Sorts the reasons a `GameClient` gives for losing its connection into the kinds the
/// summary counts, and keeps the detail for messages.
public struct DisconnectReason: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// TCP connect failed (refused, unreachable, bad address).
        case connectFailed = "connect-failed"
        /// Connected but the WebSocket upgrade failed.
        case handshakeFailed = "handshake-failed"
        /// Upgraded, but the server never answered the join.
        case joinTimedOut = "join-timeout"
        /// The server closed with a code (the summary key adds the code).
        case closedByServer = "closed"
        /// Closed after we asked to (1000): not an error.
        case closedByUs = "closed-by-bot"
    }

    public var kind: Kind
    /// The close code when the server closed.
    public var closeCode: Int?
    /// What went wrong, without the client's prefixes (e.g. "ECONNREFUSED: connection refused").
    public var detail: String

    /// `errorKey` as counted in the summary: the kind, plus the close code if any.
    public var errorKey: String {
        closeCode.map { "\(kind.rawValue)-\($0)" } ?? kind.rawValue
    }

    /// Parses GameClient's reason text (`could not connect: HOST:PORT: ERR: text`,
    /// `WebSocket handshake failed: …`, `closed with CODE[: reason]`).
    public init(clientReason text: String, closeRequested: Bool) {
        if let rest = text.dropPrefix("could not connect: ") {
            kind = .connectFailed
            // Drop the "host:port: " the transport puts first; the bot already knows its URL.
            if let range = rest.range(of: ": "), !rest[..<range.lowerBound].contains(" ") {
                detail = String(rest[range.upperBound...])
            } else {
                detail = rest
            }
            closeCode = nil
        } else if text.hasPrefix(GameClient.placementTimeoutPrefix) {
            kind = .joinTimedOut
            detail = text
            closeCode = nil
        } else if let rest = text.dropPrefix("WebSocket handshake failed: ") {
            kind = .handshakeFailed
            detail = rest
            closeCode = nil
        } else if let rest = text.dropPrefix("closed with ") {
            let code = Int(rest.prefix { $0.isNumber }) ?? 1006
            closeCode = code
            detail = code == 1006 && !rest.contains(":") ? "connection lost (1006)" : text
            kind = closeRequested && code == 1000 ? .closedByUs : .closedByServer
            if kind == .closedByUs { closeCode = nil }
        } else {
            kind = closeRequested ? .closedByUs : .closedByServer
            detail = text
            closeCode = nil
        }
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
