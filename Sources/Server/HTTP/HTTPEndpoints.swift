import WebSocket
import Wire

extension GameServer {
    /// `GET /health`, `GET /rooms` (JSON), `GET /metrics` (Prometheus text); any other path
    /// from the web directory, if there is one; 404 otherwise.
    func respond(to head: HTTPRequestHead) -> [UInt8] {
        guard head.method == "GET" || head.method == "HEAD" else {
            return HTTPResponse.make(status: 405, reason: "Method Not Allowed",
                                     headers: [HTTPHeader(name: "Allow", value: "GET, HEAD")],
                                     body: Array("method not allowed\n".utf8))
        }
        let path = head.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.target
        switch path {
        case "/health":
            return HTTPResponse.make(status: 200, reason: "OK", headers: [HTTPHeader(name: "Content-Type", value: "text/plain")],
                                     body: Array("ok\n".utf8))
        case "/rooms":
            return HTTPResponse.make(status: 200, reason: "OK",
                                     headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                                     body: Array(RoomsJSON.render(rooms).utf8))
        case "/replays":
            return replaysResponse(head)
        case "/metrics":
            return HTTPResponse.make(status: 200, reason: "OK",
                                     headers: [HTTPHeader(name: "Content-Type", value: "text/plain; version=0.0.4")],
                                     body: Array(metricsText().utf8))
        default:
            return webFiles?.respond(to: head)
                ?? HTTPResponse.make(status: 404, reason: "Not Found", body: Array("not found\n".utf8))
        }
    }
}

extension GameServer {
    /// `GET /replays` for admins (`Authorization: Bearer ADMIN-TOKEN`): the recordings as
    /// JSON, oldest first. 403 without an admin token configured, 401 with a wrong or
    /// missing one, 404 when the server records nothing.
    func replaysResponse(_ head: HTTPRequestHead) -> [UInt8] {
        func text(_ status: Int, _ reason: String, _ body: String, _ headers: [HTTPHeader] = []) -> [UInt8] {
            HTTPResponse.make(status: status, reason: reason, headers: headers + [HTTPHeader(name: "Content-Type", value: "text/plain")],
                              body: Array((body + "\n").utf8))
        }
        guard let expected = configuration.adminToken, !expected.isEmpty else {
            return text(403, "Forbidden", "replays are for admins: the server has no admin token")
        }
        let presented = head.first("Authorization").flatMap { value in
            value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst(7)) : nil
        } ?? ""
        guard constantTimeEqual(Array(presented.utf8), Array(expected.utf8)) else {
            counters.breach(.adminToken)
            return text(401, "Unauthorized", "send Authorization: Bearer ADMIN-TOKEN", [HTTPHeader(name: "WWW-Authenticate", value: "Bearer")])
        }
        guard let replays else { return text(404, "Not Found", "this server keeps no recordings (start it with --record DIR)") }
        return HTTPResponse.make(status: 200, reason: "OK", headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                                 body: Array(ReplaysJSON.render(replays.entries).utf8))
    }
}

/// `/replays` as JSON: `[{"id":..,"room":..,"game":..,"gameVersion":..,"level":..,"bytes":..,"startedAt":..,"recording":..}]`
/// (`startedAt` in milliseconds since 1970; room, game, version and level are null for a file whose header is unreadable).
enum ReplaysJSON {
    static func render(_ entries: [ReplayLibrary.Entry]) -> String {
        let items = entries.map { entry in
            let header = entry.header
            func text(_ value: String?) -> String { value.map(RoomsJSON.quote) ?? "null" }
            return "{\"id\":\(RoomsJSON.quote(entry.id)),\"room\":\(text(header?.roomID)),\"game\":\(text(header?.game)),"
                + "\"gameVersion\":\(text(header?.gameVersion)),\"level\":\(text(header?.level)),\"bytes\":\(entry.bytes),"
                + "\"startedAt\":\(entry.startedAtMilliseconds),\"recording\":\(entry.recording)}"
        }
        return "[" + items.joined(separator: ",") + "]\n"
    }
}

/// `/rooms` as JSON: `[{"id":..,"game":..,"level":..,"players":..,"capacity":..,"tick":..,"tickRate":..,"tickP99Micros":..,
/// "lateTicks":..,"bytesPerSecond":..,"node":..}]` (`node`: the cluster node running the room; "" on a single server).
enum RoomsJSON {
    static func render(_ rooms: [RoomInfo]) -> String {
        let items = rooms.map { room in
            "{\"id\":\(quote(room.id)),\"game\":\(quote(room.game)),\"level\":\(quote(room.level)),\"players\":\(room.players),\"capacity\":\(room.capacity),"
                + "\"tick\":\(room.tick),\"tickRate\":\(room.tickRate),\"tickP99Micros\":\(room.tickP99Micros),"
                + "\"lateTicks\":\(room.lateTicks),\"bytesPerSecond\":\(room.bytesPerSecond),\"node\":\(quote(room.node))}"
        }
        return "[" + items.joined(separator: ",") + "]\n"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
