import Client
import EventLoop
import Foundation
import Wire

/// What the cluster's directory adds to a join: joins timed from `connect` to `welcome`,
/// one after another (each player leaves before the next joins), on a single node and on
/// cluster nodes, through the room's own node and through another one (redirect).
enum ClusterJoin {
    struct Result {
        /// Milliseconds from connect to welcome, sorted.
        var milliseconds: [Double]
        var redirects: Int

        func percentile(_ p: Double) -> Double {
            milliseconds.isEmpty ? 0 : milliseconds[min(milliseconds.count - 1, Int(Double(milliseconds.count) * p))]
        }
    }

    private final class Timer: GameClientDelegate {
        var joinedAt: UInt64?
        var failure: String?
        func gameClient(_ client: GameClient, didJoin welcome: Welcome) { joinedAt = EventLoop.monotonicNanoseconds() }
        func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String) { failure = "error \(code.rawValue): \(message)" }
        func gameClient(_ client: GameClient, didDisconnect reason: String) { failure = failure ?? reason }
    }

    /// `count` joins of `room` through `port`, after `warmup` untimed ones.
    static func run(port: Int, room: String, count: Int, warmup: Int = 20) throws -> Result {
        let loop = try EventLoop()
        var samples: [Double] = []
        var redirects = 0
        for index in 0..<(warmup + count) {
            let client = GameClient(loop: loop)
            let timer = Timer()
            client.delegate = timer
            let started = EventLoop.monotonicNanoseconds()
            client.connect(host: "127.0.0.1", port: port, role: .player(name: "j\(index % 1000)", target: .room(room)))
            let deadline = Date().addingTimeInterval(5)
            while timer.joinedAt == nil, timer.failure == nil, Date() < deadline { loop.runOnce() }
            guard let joined = timer.joinedAt else {
                throw BenchError("join \(index) to \(room) through port \(port) failed: \(timer.failure ?? "no welcome within 5 s")")
            }
            if index >= warmup {
                samples.append(Double(joined - started) / 1e6)
                redirects += client.redirectsFollowed
            }
            // Leave, and let the seat be freed before the next join.
            client.close()
            let closing = Date().addingTimeInterval(1)
            while client.isConnected, Date() < closing { loop.runOnce() }
        }
        return Result(milliseconds: samples.sorted(), redirects: redirects)
    }
}
