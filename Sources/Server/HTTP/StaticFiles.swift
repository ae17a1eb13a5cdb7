#if canImport(Glibc)
import Glibc
#endif
import Foundation
import WebSocket

/// Serves the files of one directory over plain HTTP on the game port (the browser client):
/// content types, `ETag`/`Last-Modified` with `304`, a size cap, and nothing outside the
/// directory (`..`, its encoded forms and symlinks that lead out all answer 404).
/// Files are read when asked for: they are small, and the answer is written once.
struct StaticFiles {
    /// The directory, resolved (symlinks and `..` removed), ending without a slash.
    let root: String
    let maxFileBytes: Int

    /// Nil when `directory` is not a readable directory.
    init?(directory: String, maxFileBytes: Int) {
        guard let resolved = realpath(directory, nil) else { return nil }
        defer { free(resolved) }
        var isDirectory: ObjCBool = false
        let path = String(cString: resolved)
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        root = path == "/" ? "" : path
        self.maxFileBytes = maxFileBytes
    }

    /// The answer for a GET or HEAD of `target`; nil when no file answers (the caller 404s).
    func respond(to head: HTTPRequestHead) -> [UInt8]? {
        guard let path = resolve(target: head.target),
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        guard size <= maxFileBytes else {
            return HTTPResponse.make(status: 403, reason: "Forbidden", body: Array("file over the size limit\n".utf8))
        }
        let etag = "\"\(String(size, radix: 16))-\(String(UInt64(max(0, modified.timeIntervalSince1970 * 1000)), radix: 16))\""
        let lastModified = HTTPDate.format(modified)
        let validators = [HTTPHeader(name: "ETag", value: etag), HTTPHeader(name: "Last-Modified", value: lastModified),
                          HTTPHeader(name: "Cache-Control", value: "no-cache")]
        if Self.isFresh(head, etag: etag, modified: modified) {
            return HTTPResponse.make(status: 304, reason: "Not Modified", headers: validators, omitLength: true)
        }
        guard let body = FileManager.default.contents(atPath: path), body.count <= maxFileBytes else { return nil }
        return HTTPResponse.make(status: 200, reason: "OK",
                                 headers: [HTTPHeader(name: "Content-Type", value: ContentType.of(path))] + validators,
                                 body: Array(body))
    }

    /// The file a request target names, or nil when it is not a plain path inside the root.
    func resolve(target: String) -> String? {
        let rawPath = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding,
              !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
        var components: [Substring] = []
        for component in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            // No climbing, and no hidden files (.git, editor droppings).
            guard component != "..", !component.hasPrefix(".") else { return nil }
            components.append(component)
        }
        var candidate = root + "/" + components.joined(separator: "/")
        if decoded.hasSuffix("/") || components.isEmpty { candidate += (components.isEmpty ? "" : "/") + "index.html" }
        // A symlink may point anywhere: only what really lies inside the root is served.
        guard let real = realpath(candidate, nil) else { return nil }
        defer { free(real) }
        let resolved = String(cString: real)
        return resolved.hasPrefix(root + "/") ? resolved : nil
    }

    /// Whether the client's copy (If-None-Match, else If-Modified-Since) is still current.
    static func isFresh(_ head: HTTPRequestHead, etag: String, modified: Date) -> Bool {
        if let tags = head.first("If-None-Match") {
            return tags.split(separator: ",").contains { tag in
                let trimmed = tag.trimmingCharacters(in: .whitespaces)
                return trimmed == "*" || trimmed == etag || trimmed == "W/" + etag
            }
        }
        if let since = head.first("If-Modified-Since"), let date = HTTPDate.parse(since) {
            return modified.timeIntervalSince1970.rounded(.down) <= date.timeIntervalSince1970
        }
        return false
    }
}

/// Content types by file extension, for what a web client ships.
enum ContentType {
    static let byExtension = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json", "map": "application/json",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "svg": "image/svg+xml", "ico": "image/x-icon",
        "txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8", "wasm": "application/wasm",
    ]

    static func of(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}

/// RFC 9110 dates (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form servers send; C's own
/// formatting (the server never changes its locale from "C"), so no shared formatter object.
enum HTTPDate {
    private static let layout = "%a, %d %b %Y %H:%M:%S GMT"

    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, layout, &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func parse(_ text: String) -> Date? {
        let fields = text.split(separator: " ")
        let clock = fields.count == 6 ? fields[4].split(separator: ":").compactMap { Int32($0) } : []
        guard fields.count == 6, fields[5] == "GMT", clock.count == 3,
              let day = Int32(fields[1]), let year = Int32(fields[3]),
              let month = months.firstIndex(of: String(fields[2])) else { return nil }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, Int32(month), day)
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (clock[0], clock[1], clock[2])
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
