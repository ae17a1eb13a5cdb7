import GameCore
import Replay
import Testing

/// Recording, then re-simulating: every recorded hash matches, the end state is the live
/// one, and seeking lands on the live state of that tick.
@Suite struct ReplayPlaybackTests {
    @Test func aReplayReplaysTheRoomExactly() throws {
        let recording = try ReplayRecording(ticks: 1200, seed: 42)
        let file = try recording.file()
        guard case .trailer(let trailer) = file.ending else {
            Issue.record("expected a trailer, got \(file.ending)")
            return
        }
        #expect(file.stepCount == 1200)
        var player = recording.player(file)
        let verified = player.verify()
        #expect(verified)
        #expect(player.hashesChecked == 21)  // one a second, and the trailer's
        #expect(player.tick == 1200 && player.tick == trailer.tick)
        #expect(player.simulation.stateHash() == recording.finalHash && trailer.stateHash == recording.finalHash)
    }

    @Test func seekingLandsOnTheLiveStateOfThatTick() throws {
        let recording = try ReplayRecording(ticks: 900, seed: 7)
        var player = recording.player(try recording.file())
        for target: UInt32 in [500, 130, 131, 899, 0, 240, 900, 2000, 10] {
            player.seek(to: target)
            let landed = min(target, 900)
            #expect(player.tick == landed)
            #expect(player.simulation.stateHash() == recording.hashes[Int(landed)], "seek to \(target)")
        }
        #expect(player.divergence == nil)
    }

    @Test func aLongSeekCanBeTakenInBoundedSteps() throws {
        let recording = try ReplayRecording(ticks: 900, seed: 8)
        var player = recording.player(try recording.file())
        var calls = 0
        while !player.seek(to: 850, maxSteps: 100) {
            calls += 1
            #expect(player.tick == UInt32(calls * 100))
        }
        #expect(calls == 8 && player.tick == 850)
        #expect(player.simulation.stateHash() == recording.hashes[850])
    }

    @Test func theSummaryNamesThePlayersAndTheirKills() throws {
        let recording = try ReplayRecording(ticks: 600, seed: 3)
        var player = recording.player(try recording.file())
        let summary = ReplaySummary(playing: &player, schema: recording.definition.schema)
        #expect(summary.ticks == 600 && summary.durationSeconds == 10)
        #expect(summary.verified && summary.ending == "complete (room closed)")
        #expect(!summary.players.isEmpty)
        #expect(summary.players.allSatisfy { $0.kills != nil && $0.name == "p\($0.id)" })
    }

    @Test func aDivergingReplayNamesTheFirstTick() throws {
        let recording = try ReplayRecording(ticks: 300, seed: 5)
        let file = try recording.file()
        // Another seed plays differently: the first hash (tick 60) already disagrees.
        var player = ReplayPlayer(file: file, simulation: recording.level.makeSimulation(6))
        let verified = player.verify()
        #expect(!verified)
        #expect(player.divergence?.tick == 60)
        #expect(player.tick == 60, "played on past the divergence")
    }
}
