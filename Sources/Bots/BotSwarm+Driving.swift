import EventLoop

extension BotSwarm {
    /// The period of the one input timer: fast enough for the highest input rate in use.
    var inputPeriodMilliseconds: Int {
        let fastest = configuration.profiles.map(\.inputRate).max() ?? 30
        return max(1, 1000 / fastest)
    }

    func startTimers() {
        let ramp = LoopTimer(loop: loop)
        ramp.start(delay: 0, repeat: configuration.rampIntervalMilliseconds) { [unowned self, unowned ramp] in
            self.connectNextBatch()
            if self.nextToConnect >= self.bots.count || self.stopping != nil { ramp.stop() }
        }
        let period = inputPeriodMilliseconds
        let inputs = LoopTimer(loop: loop)
        var previous = loop.nowMilliseconds
        inputs.start(delay: UInt64(period), repeat: UInt64(period)) { [unowned self] in
            // Credit by the time that really passed, so a late timer does not slow the input rate.
            let now = self.loop.nowMilliseconds
            let elapsed = Int(min(now &- previous, 1000))
            previous = now
            // Every bot's input leaves in one io_uring submission (when the loop has them).
            self.loop.batchingSends {
                for bot in self.bots { bot.tick(now: now, elapsed: elapsed) }
            }
        }
        let status = LoopTimer(loop: loop)
        status.start(delay: configuration.statusIntervalMilliseconds, repeat: configuration.statusIntervalMilliseconds) { [unowned self] in
            self.onStatus?(self.takeStatus())
        }
        timers += [ramp, inputs, status]
        if let seconds = configuration.durationSeconds {
            let duration = LoopTimer(loop: loop)
            duration.start(delay: UInt64(seconds * 1000)) { [unowned self] in self.durationReached() }
            timers.append(duration)
        }
    }

    private func connectNextBatch() {
        guard stopping == nil else { return }
        let end = min(bots.count, nextToConnect + configuration.rampBatch)
        while nextToConnect < end {
            bots[nextToConnect].connect(url: configuration.url, target: configuration.target)
            nextToConnect += 1
        }
    }

    /// Received totals over every bot (gone ones included).
    var totals: (snapshots: Int, fullSnapshots: Int, bytesIn: Int, bytesOut: Int, inputs: Int) {
        var result = (snapshots: 0, fullSnapshots: 0, bytesIn: 0, bytesOut: 0, inputs: 0)
        for bot in bots {
            let stats = bot.client.stats
            result.snapshots += stats.snapshots
            result.fullSnapshots += stats.fullSnapshots
            result.bytesIn += stats.bytesIn
            result.bytesOut += stats.bytesOut
            result.inputs += Int(bot.client.inputSequence)
        }
        return result
    }

    /// Figures since the previous call (rates) plus the current state.
    public func takeStatus() -> SwarmStatus {
        let now = loop.nowMilliseconds
        let seconds = max(0.001, Double(now &- lastStatusAt) / 1000)
        let totals = self.totals
        var playing = 0, pending = 0
        for bot in bots {
            switch bot.phase {
            case .playing: playing += 1
            case .connecting: pending += 1
            default: break
            }
        }
        let rtt = counters.recentRTT.totalCount > 0 ? counters.recentRTT : counters.rtt
        let status = SwarmStatus(
            elapsedSeconds: Double(now &- startedAt) / 1000, playing: playing, pending: pending, count: bots.count,
            snapshotsPerSecond: Double(totals.snapshots - lastStatusTotals.snapshots) / seconds,
            bytesPerSecond: Double(totals.bytesIn - lastStatusTotals.bytes) / seconds,
            rtt: LatencyFigures(rtt, unitsPerMillisecond: 1000), errors: counters.errorCount)
        lastStatusAt = now
        lastStatusTotals = (totals.snapshots, totals.bytesIn)
        counters.resetRecent()
        return status
    }

    func makeSummary(outcome: SwarmSummary.Outcome) -> SwarmSummary {
        let totals = self.totals
        return SwarmSummary(
            outcome: outcome, message: failure ?? "", url: configuration.url.description,
            durationSeconds: Double(loop.nowMilliseconds &- startedAt) / 1000,
            bots: bots.count, connected: joinedCount, failed: bots.count - joinedCount,
            snapshots: totals.snapshots, fullSnapshots: totals.fullSnapshots,
            bytesReceived: totals.bytesIn, bytesSent: totals.bytesOut, inputsSent: totals.inputs,
            rttMilliseconds: LatencyFigures(counters.rtt, unitsPerMillisecond: 1000),
            inputLatencyMilliseconds: LatencyFigures(counters.inputLatency, unitsPerMillisecond: 1),
            errors: counters.errors)
    }
}
