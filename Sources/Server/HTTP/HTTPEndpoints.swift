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

/// `/rooms` as JSON: `[{"id":..,"game":..,"level":..,"players":..,"capacity":..,"tick":..,"tickRate":..,"tickP99Micros":..,
/// "lateTicks":..,"bytesPerSecond":..}]`.
enum RoomsJSON {
    static func render(_ rooms: [RoomInfo]) -> String {
        let items = rooms.map { room in
            "{\"id\":\(quote(room.id)),\"game\":\(quote(room.game)),\"level\":\(quote(room.level)),\"players\":\(room.players),\"capacity\":\(room.capacity),"
                + "\"tick\":\(room.tick),\"tickRate\":\(room.tickRate),\"tickP99Micros\":\(room.tickP99Micros),"
                + "\"lateTicks\":\(room.lateTicks),\"bytesPerSecond\":\(room.bytesPerSecond)}"
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
