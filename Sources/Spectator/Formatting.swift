/// Short human figures for the header lines.
enum Formatting {
    static func bytesPerSecond(_ bytes: Int?) -> String {
        guard let bytes else { return "— B/s" }
        if bytes >= 1_000_000 { return decimal(Double(bytes) / 1_000_000) + " MB/s" }
        if bytes >= 1_000 { return decimal(Double(bytes) / 1_000) + " kB/s" }
        return "\(bytes) B/s"
    }

    static func milliseconds(micros: UInt32) -> String { decimal(Double(micros) / 1000, places: 2) + " ms" }

    static func milliseconds(_ value: Double?) -> String {
        guard let value else { return "— ms" }
        return decimal(value) + " ms"
    }

    /// Fixed decimals without Foundation.
    static func decimal(_ value: Double, places: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        var fraction = String(scaled % Int(scale))
        while fraction.count < places { fraction = "0" + fraction }
        return places == 0 ? "\(whole)" : "\(whole).\(fraction)"
    }

    /// Left-aligned in `width` columns (cut when longer).
    static func pad(_ text: String, _ width: Int) -> String {
        let cut = String(text.prefix(width))
        return cut + String(repeating: " ", count: max(0, width - cut.count))
    }

    /// Right-aligned in `width` columns.
    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
