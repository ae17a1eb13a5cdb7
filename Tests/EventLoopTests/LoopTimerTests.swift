import TestThreads
import Testing
import EventLoop
import Foundation

@Suite(.ownThread) struct LoopTimerTests {
    @Test func repeatingTimerFiresUntilClosedAndTheLoopThenEnds() throws {
        let loop = try EventLoop()
        let timer = LoopTimer(loop: loop)
        var fired = 0
        timer.start(delay: 1, repeat: 1) {
            fired += 1
            if fired == 3 { timer.close() }
        }
        // The loop returning by itself proves the closed timer left no active handle.
        #expect(runBounded(loop))
        #expect(fired == 3)
        #expect(timer.isClosed)
    }

    @Test(arguments: ReceivePath.allCases) func stopFromAnotherThreadEndsRun(receives: ReceivePath) throws {
        let loop = try receives.loop()
        let keepAlive = LoopTimer(loop: loop)
        keepAlive.start(delay: 60_000) {}  // would keep run() busy for a minute
        nonisolated(unsafe) let target = loop  // only stopFromAnyThread is used off the loop thread
        let stopper = Thread { target.stopFromAnyThread() }
        stopper.start()
        #expect(runBounded(loop, seconds: 10))
        keepAlive.close()
        loop.runOnce(wait: false)
    }
}
