import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One scrape of the server's `/metrics` (Prometheus text), fetched with a blocking
/// HTTP/1.1 GET over a plain TCP socket to 127.0.0.1.
struct MetricsScrape {
    /// Plain samples by their full name including labels, e.g. `tickwire_ticks_total`
    /// or `tickwire_snapshots_total{type="full"}`.
    var samples: [String: Double] = [:]
    /// Cumulative tick-duration histogram: (upper bound in seconds, count), sorted by
    /// bound, `+Inf` last.
    var tickBuckets: [(le: Double, count: Double)] = []

    subscript(_ name: String) -> Double { samples[name] ?? 0 }

    static func fetch(port: Int) throws -> MetricsScrape {
        let text = try httpGet(port: port, path: "/metrics")
        return parse(text)
    }

    static func parse(_ text: String) -> MetricsScrape {
        var scrape = MetricsScrape()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let name = String(line[..<space])
            scrape.samples[name] = value
            if name.hasPrefix("tickwire_tick_duration_seconds_bucket"),
               let leStart = name.range(of: "le=\"")?.upperBound,
               let leEnd = name[leStart...].firstIndex(of: "\"") {
                let le = name[leStart..<leEnd]
                let bound = le == "+Inf" ? Double.infinity : Double(le) ?? .infinity
                scrape.tickBuckets.append((bound, value))
            }
        }
        scrape.tickBuckets.sort { $0.le < $1.le }
        return scrape
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func canConnect(port: Int) -> Bool {
        (try? openSocket(port: port, timeoutSeconds: 1)).map { close($0); return true } ?? false
    }

    private static func openSocket(port: Int, timeoutSeconds: Int) throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw BenchError("socket() failed: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw BenchError("connect to 127.0.0.1:\(port) failed: errno \(code)")
        }
        return fd
    }

    static func httpGet(port: Int, path: String, timeoutSeconds: Int = 10) throws -> String {
        let fd = try openSocket(port: port, timeoutSeconds: timeoutSeconds)
        defer { close(fd) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw BenchError("metrics: send failed: errno \(errno)") }
            sent += n
        }
        // Read until the body named by Content-Length is in, or the server closes.
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var bodyStart: Int?
        var contentLength: Int?
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { throw BenchError("metrics: recv failed: errno \(errno)") }
            if n == 0 { break }
            response.append(contentsOf: buffer[0..<n])
            if bodyStart == nil, let end = headerEnd(response) {
                bodyStart = end
                let head = String(decoding: response[0..<end], as: UTF8.self).lowercased()
                guard head.hasPrefix("http/1.1 200") else {
                    throw BenchError("metrics: unexpected response: \(head.prefix(80))")
                }
                if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
                }
            }
            if let bodyStart, let contentLength, response.count - bodyStart >= contentLength { break }
        }
        guard let bodyStart else { throw BenchError("metrics: no HTTP response") }
        return String(decoding: response[bodyStart...], as: UTF8.self)
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }
}

/// The tick-duration histogram between two scrapes.
struct TickHistogramDelta {
    /// (upper bound in seconds, ticks in this bucket only), `+Inf` last.
    let buckets: [(le: Double, count: Double)]
    var total: Double { buckets.reduce(0) { $0 + $1.count } }

    init(from before: MetricsScrape, to after: MetricsScrape) {
        var earlier: [Double: Double] = [:]
        for bucket in before.tickBuckets { earlier[bucket.le] = bucket.count }
        var previousCumulative = 0.0
        var result: [(Double, Double)] = []
        for bucket in after.tickBuckets {
            let cumulative = bucket.count - earlier[bucket.le, default: 0]
            result.append((bucket.le, max(0, cumulative - previousCumulative)))
            previousCumulative = cumulative
        }
        buckets = result
    }

    /// Upper bound (seconds) of the bucket holding the given quantile (0...1).
    func bound(atQuantile q: Double) -> Double? {
        let total = self.total
        guard total > 0 else { return nil }
        var seen = 0.0
        for bucket in buckets {
            seen += bucket.count
            if seen >= q * total { return bucket.le }
        }
        return buckets.last?.le
    }

    /// Upper bound (seconds) of the largest non-empty bucket.
    var maxBound: Double? { buckets.last(where: { $0.count > 0 })?.le }
}
