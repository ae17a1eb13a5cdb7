import Replay
import Wire

/// The keys that steer a replay, on a server's replay room or in `tickwire replay`:
/// space or p pause and play, + and - double and halve the speed, [ and ] seek 10 s back
/// and forward, 0 goes back to the start.
enum ReplayKeys {
    static let helpLine = "space/p pause  +/- speed  [ ] seek 10 s  0 start  arrows scroll  c follow  q quit"
    static let seekSeconds = 10

    static func command(for key: Key, status: ReplayStatus) -> ReplayCommand? {
        let step = UInt32(seekSeconds) * UInt32(max(1, status.tickRate))
        switch key {
        case .character(" "), .character("p"), .character("P"):
            return status.paused ? .play : .pause
        case .character("+"), .character("="):
            return .speed(quarters: PlaybackClock.faster(status.speedQuarters))
        case .character("-"), .character("_"):
            return .speed(quarters: PlaybackClock.slower(status.speedQuarters))
        case .character("["): return .seek(tick: status.tick > step ? status.tick - step : 0)
        case .character("]"): return .seek(tick: min(status.endTick, status.tick &+ step))
        case .character("0"): return .seek(tick: 0)
        default: return nil
        }
    }

    /// "0:42 / 3:10 | 2x | PAUSED | complete (room closed)".
    static func describe(_ status: ReplayStatus) -> String {
        let rate = Int(max(1, status.tickRate))
        var text = "\(clock(Int(status.tick) / rate)) / \(clock(Int(status.endTick) / rate)) | \(speed(status.speedQuarters))"
        if status.paused { text += status.tick >= status.endTick ? " | END" : " | PAUSED" }
        return text + " | " + status.ending
    }

    static func clock(_ seconds: Int) -> String {
        let rest = seconds % 60
        return "\(seconds / 60):\(rest < 10 ? "0" : "")\(rest)"
    }

    static func speed(_ quarters: UInt8) -> String {
        switch quarters {
        case 1: "0.25x"
        case 2: "0.5x"
        case 3: "0.75x"
        default: quarters % 4 == 0 ? "\(quarters / 4)x" : Formatting.decimal(Double(quarters) / 4, places: 2) + "x"
        }
    }
}
