import EventLoop
import Foundation

/// The value of one series in Prometheus text: `name{labels} value`. `labels` must all
/// match (others may be present). nil when the series is absent.
func metricValue(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " ") else { continue }
        let series = line[..<space]
        let value = Double(line[line.index(after: space)...])
        var seriesName = Substring(series)
        var seriesLabels: [String: String] = [:]
        if let brace = series.firstIndex(of: "{"), series.hasSuffix("}") {
            seriesName = series[..<brace]
            let inner = series[series.index(after: brace)..<series.index(before: series.endIndex)]
            for pair in inner.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                seriesLabels[String(parts[0])] = String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        guard seriesName == name, labels.allSatisfy({ seriesLabels[$0.key] == $0.value }) else { continue }
        return value
    }
    return nil
}

/// `GET /metrics` over a raw TCP connection; the body once the server has closed.
func scrapeMetrics(_ loop: EventLoop, port: Int) -> String? {
    let client = RawClient.connect(loop: loop, port: port) {
        $0.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    }
    guard runUntil(loop, { client.closed }), client.statusCode == 200 else { return nil }
    return client.body
}
