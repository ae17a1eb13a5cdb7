import Testing
@testable import Server

/// The heartbeat rule on a fake clock.
struct HeartbeatRuleTests {
    func pong(_ heartbeat: inout Heartbeat, _ stamp: UInt64) -> UInt64? {
        var payload = stamp.littleEndian
        return withUnsafeBytes(of: &payload) { heartbeat.receivedPong($0) }
    }

    @Test func pingsEveryIntervalAndDropsWhenTwoInARowGoUnanswered() {
        var heartbeat = Heartbeat(intervalMilliseconds: 3_000, now: 0)
        #expect(heartbeat.sweep(now: 2_999, stamp: 1) == nil)
        #expect(heartbeat.sweep(now: 3_000, stamp: 11) == .sendPing(stamp: 11))
        #expect(heartbeat.sweep(now: 4_000, stamp: 12) == nil)
        #expect(heartbeat.sweep(now: 6_000, stamp: 13) == .sendPing(stamp: 13))
        // Two unanswered: dropped when the third would be due, two intervals after the first.
        #expect(heartbeat.sweep(now: 8_999, stamp: 14) == nil)
        #expect(heartbeat.sweep(now: 9_000, stamp: 15) == .drop)
    }

    @Test func aPongEchoingTheLastPingResetsTheCount() {
        var heartbeat = Heartbeat(intervalMilliseconds: 1_000, now: 0)
        for round in 1...10 {
            let stamp = UInt64(round) * 7
            #expect(heartbeat.sweep(now: UInt64(round) * 1_000, stamp: stamp) == .sendPing(stamp: stamp))
            #expect(pong(&heartbeat, stamp) == stamp)
            #expect(heartbeat.unanswered == 0)
        }
    }

    @Test func aPongWithAnyOtherPayloadDoesNotCount() {
        var heartbeat = Heartbeat(intervalMilliseconds: 1_000, now: 0)
        #expect(heartbeat.sweep(now: 1_000, stamp: 500) == .sendPing(stamp: 500))
        #expect(pong(&heartbeat, 501) == nil)
        #expect(heartbeat.sweep(now: 2_000, stamp: 600) == .sendPing(stamp: 600))
        // An answer to the previous ping is stale: only the last ping's echo counts.
        #expect(pong(&heartbeat, 500) == nil)
        var short: [UInt8] = [1, 2, 3]
        #expect(short.withUnsafeMutableBytes { heartbeat.receivedPong(UnsafeRawBufferPointer($0)) } == nil)
        #expect(heartbeat.sweep(now: 3_000, stamp: 700) == .drop)
    }

    @Test func anUnsolicitedPongBeforeAnyPingIsIgnored() {
        var heartbeat = Heartbeat(intervalMilliseconds: 1_000, now: 0)
        #expect(pong(&heartbeat, 0) == nil)
        #expect(heartbeat.unanswered == 0)
    }

    @Test func aPongCountsOnce() {
        var heartbeat = Heartbeat(intervalMilliseconds: 1_000, now: 0)
        _ = heartbeat.sweep(now: 1_000, stamp: 9)
        #expect(pong(&heartbeat, 9) == 9)
        #expect(pong(&heartbeat, 9) == nil)
    }
}
