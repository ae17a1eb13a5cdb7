/// Splits an HTTP head into its start line and header fields (RFC 7230 3). Shared by the
/// request parser and the client's response check. Strict where laxness has bitten
/// servers before: no whitespace before the colon, no obsolete line folding, no control
/// characters, CRLF line ends only.
enum HTTPHeadParsing {
    enum Failure: Error, Equatable {
        case malformed(String)
        case tooManyHeaders
    }

    static func split(_ head: ArraySlice<UInt8>, maxHeaderCount: Int) -> Result<(startLine: String, headers: [HTTPHeader]), Failure> {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        var index = head.startIndex
        while index < head.endIndex {
            if head[index] == 13 {
                guard index + 1 < head.endIndex, head[index + 1] == 10 else {
                    return .failure(.malformed("bare CR in head"))
                }
                lines.append(head[lineStart..<index])
                index += 2
                lineStart = index
            } else if head[index] == 10 {
                return .failure(.malformed("bare LF in head"))
            } else {
                index += 1
            }
        }
        lines.append(head[lineStart..<head.endIndex])
        // RFC 7230 3.5: ignore empty lines before the start line.
        while let first = lines.first, first.isEmpty, lines.count > 1 { lines.removeFirst() }
        guard let startLine = lines.first, !startLine.isEmpty else { return .failure(.malformed("empty head")) }
        if lines.count - 1 > maxHeaderCount { return .failure(.tooManyHeaders) }
        if startLine.contains(where: isForbiddenControl) { return .failure(.malformed("control character in start line")) }

        var headers: [HTTPHeader] = []
        headers.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                return .failure(.malformed("header line without colon"))
            }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(ASCII.isTokenByte) else {
                // Also catches obsolete folding (leading space) and space before the colon.
                return .failure(.malformed("invalid header name"))
            }
            let value = line[(colon + 1)...]
            if value.contains(where: isForbiddenControl) { return .failure(.malformed("control character in header value")) }
            headers.append(HTTPHeader(
                name: String(decoding: name, as: UTF8.self),
                value: ASCII.trimmingWhitespace(String(decoding: value, as: UTF8.self))
            ))
        }
        return .success((String(decoding: startLine, as: UTF8.self), headers))
    }

    /// Control characters other than horizontal tab.
    private static func isForbiddenControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }
}
