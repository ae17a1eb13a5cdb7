/// Builds simple HTTP/1.1 responses: handshake rejections and the plain endpoints
/// (/health, /metrics) served on the same port.
public enum HTTPResponse {
    /// "HTTP/1.1 <status> <reason>\r\n" + headers + Content-Length + "Connection: close"
    /// (when `close`) + blank line + body.
    /// `omitLength`: no Content-Length (a 304 answer, which has no body of its own).
    public static func make(
        status: Int, reason: String, headers: [HTTPHeader] = [], body: [UInt8] = [], close: Bool = true,
        omitLength: Bool = false
    ) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        for header in headers {
            text += "\(header.name): \(header.value)\r\n"
        }
        if !omitLength { text += "Content-Length: \(body.count)\r\n" }
        if close { text += "Connection: close\r\n" }
        text += "\r\n"
        var out = Array(text.utf8)
        out.append(contentsOf: body)
        return out
    }

    /// The same response without its body, for `HEAD` (the headers, Content-Length
    /// included, stay as for `GET`).
    public static func headOnly(_ response: [UInt8]) -> [UInt8] {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard response.count >= 4 else { return response }
        for end in 4...response.count where Array(response[(end - 4)..<end]) == separator {
            return Array(response[..<end])
        }
        return response
    }

    /// The standard reason phrase for the statuses this module produces.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 101: "Switching Protocols"
        case 200: "OK"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 426: "Upgrade Required"
        case 431: "Request Header Fields Too Large"
        case 505: "HTTP Version Not Supported"
        default: "Error"
        }
    }
}
