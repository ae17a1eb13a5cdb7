import Testing
import WebSocket

/// Every phase's deadline, on a fake clock: no socket, no sleep.
struct ConnectionLifecycleTests {
    let deadlines = ConnectionDeadlines(handshakeMilliseconds: 10_000, responseMilliseconds: 2_000,
                                        closingMilliseconds: 5_000, silenceMilliseconds: 60_000)

    @Test func anUnfinishedUpgradeIsAnsweredAtTheHandshakeDeadline() {
        var lifecycle = ConnectionLifecycle(now: 1_000)
        lifecycle.received(now: 5_000)  // bytes arriving do not extend the upgrade
        #expect(lifecycle.sweep(now: 10_999, deadlines: deadlines) == nil)
        #expect(lifecycle.sweep(now: 11_000, deadlines: deadlines) == .answerHandshakeTimeout)
        // The 408 then has the response deadline of its own.
        lifecycle.responding(now: 11_000)
        #expect(lifecycle.phase == .respondingHTTP)
        #expect(lifecycle.sweep(now: 12_999, deadlines: deadlines) == nil)
        #expect(lifecycle.sweep(now: 13_000, deadlines: deadlines) == .reset(.respondingHTTP))
    }

    @Test func aPlainHTTPAnswerThePeerDoesNotReadIsResetAtTheResponseDeadline() {
        var lifecycle = ConnectionLifecycle(now: 0)
        lifecycle.responding(now: 300)
        #expect(lifecycle.sweep(now: 2_299, deadlines: deadlines) == nil)
        #expect(lifecycle.sweep(now: 2_300, deadlines: deadlines) == .reset(.respondingHTTP))
    }

    @Test func theClosingDeadlineRunsFromTheFirstCloseFrameWhateverArrivesAfter() {
        var lifecycle = ConnectionLifecycle(now: 0)
        lifecycle.upgraded(now: 100)
        lifecycle.closing(now: 1_000)
        lifecycle.received(now: 4_000)  // the peer keeps sending: no extension
        lifecycle.closing(now: 4_500)   // a second close event does not restart the clock
        #expect(lifecycle.sweep(now: 5_999, deadlines: deadlines) == nil)
        #expect(lifecycle.sweep(now: 6_000, deadlines: deadlines) == .reset(.closing))
    }

    @Test func anOpenConnectionIsResetOnlyAfterTheSilenceDeadline() {
        var lifecycle = ConnectionLifecycle(now: 0)
        lifecycle.upgraded(now: 10)
        lifecycle.received(now: 30_000)
        #expect(lifecycle.sweep(now: 89_999, deadlines: deadlines) == nil)
        #expect(lifecycle.sweep(now: 90_000, deadlines: deadlines) == .reset(.open))
        // Off when zero (servers with heartbeats).
        var off = deadlines
        off.silenceMilliseconds = 0
        #expect(lifecycle.sweep(now: 10_000_000, deadlines: off) == nil)
    }

    @Test func aClosedConnectionHasNothingLeftToDo() {
        var lifecycle = ConnectionLifecycle(now: 0)
        lifecycle.upgraded(now: 0)
        lifecycle.closed(now: 1)
        #expect(lifecycle.sweep(now: 1_000_000, deadlines: deadlines) == nil)
        // Events out of order change nothing.
        lifecycle.upgraded(now: 2)
        lifecycle.closing(now: 3)
        #expect(lifecycle.phase == .closed)
    }

    @Test func aClockThatSeemsToGoBackDoesNotExpireAnything() {
        var lifecycle = ConnectionLifecycle(now: 50_000)
        #expect(lifecycle.sweep(now: 10, deadlines: deadlines) == nil)
        lifecycle.upgraded(now: 50_000)
        lifecycle.closing(now: 50_000)
        #expect(lifecycle.sweep(now: 10, deadlines: deadlines) == nil)
    }
}
