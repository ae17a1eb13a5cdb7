import GameCore
import Replay
import Testing

/// Files cut short, damaged, or from another game: what the reader makes of them and what
/// it tells people.
@Suite struct ReplayDamageTests {
    @Test func aFileCutShortPlaysUpToItsLastWholeChunk() throws {
        let recording = try ReplayRecording(ticks: 600, seed: 11)
        // Inside the trailer every step is there; further in, whole chunks (a second each) are lost.
        for cut in [recording.bytes.count - 3, recording.bytes.count * 2 / 3, 200] {
            let file = try ReplayFile(bytes: Array(recording.bytes.prefix(cut)), layout: recording.definition.inputLayout)
            guard case .cut = file.ending else {
                Issue.record("cut at \(cut): \(file.ending)")
                continue
            }
            #expect(file.stepCount % 60 == 0)
            #expect((file.stepCount == 600) == (cut == recording.bytes.count - 3))
            var player = recording.player(file)
            let verified = player.verify()
            #expect(verified)
            #expect(player.simulation.stateHash() == recording.hashes[Int(file.stepCount)])
            #expect(file.ending.summary.hasPrefix("cut short at byte"))
        }
    }

    @Test func aServerThatDiedLeavesAReadablePrefix() throws {
        let recording = try ReplayRecording(ticks: 300, seed: 12, trailer: false)
        let file = try recording.file()
        #expect(file.ending == .cut(offset: recording.bytes.count))
        #expect(file.stepCount == 300)
    }

    @Test func aDamagedRecordEndsTheReplayThere() throws {
        let recording = try ReplayRecording(ticks: 600, seed: 13)
        var bytes = recording.bytes
        bytes[bytes.count / 2] ^= 0x40
        let file = try ReplayFile(bytes: bytes, layout: recording.definition.inputLayout)
        guard case .damaged(let offset, let reason) = file.ending else {
            Issue.record("expected damage, got \(file.ending)")
            return
        }
        #expect(offset < bytes.count / 2 && reason == "checksum mismatch")
        #expect(file.stepCount < 600)
        var player = recording.player(file)
        let verified = player.verify()
        #expect(verified)
        #expect(file.ending.summary.contains("damaged at byte \(offset) (checksum mismatch); played up to the last good record"))
    }

    @Test func filesThatAreNotReplaysOrOfAnotherFormatAreRefused() throws {
        let recording = try ReplayRecording(ticks: 60, seed: 14)
        let layout = recording.definition.inputLayout
        #expect(throws: ReplayError.notAReplay) { try ReplayFile(bytes: Array("#!/bin/sh\n".utf8), layout: layout) }
        #expect(throws: ReplayError.notAReplay) { try ReplayFile(bytes: [], layout: layout) }
        var newer = recording.bytes
        newer[8] = 9
        #expect(throws: ReplayError.unsupportedFormat(9)) { try ReplayFile(bytes: newer, layout: layout) }
        #expect(ReplayError.unsupportedFormat(9).description == "replay format 9 is not supported (this build reads format 1)")
        var header = recording.bytes
        header[14] ^= 1
        #expect(throws: ReplayError.damagedHeader) { try ReplayFile(bytes: header, layout: layout) }
    }

    @Test func anotherGameVersionOrAChangedLevelIsRefused() throws {
        let recording = try ReplayRecording(ticks: 60, seed: 15)
        var header = try ReplayFile.header(of: recording.bytes)
        #expect(try header.resolve(in: [recording.definition]).level.key == "duel")
        header.gameVersion = "0.9"
        #expect(throws: ReplayError.gameVersion(game: "arena", recorded: "0.9", current: recording.definition.version)) {
            try header.resolve(in: [recording.definition])
        }
        #expect(ReplayError.gameVersion(game: "arena", recorded: "0.9", current: "1.0").description
            == "the replay was recorded with arena 0.9; this server has arena 1.0, which may play it differently")
        header.gameVersion = recording.definition.version
        header.levelChecksum &+= 1
        #expect(throws: ReplayError.levelChanged(game: "arena", level: "duel")) { try header.resolve(in: [recording.definition]) }
        #expect(ReplayError.levelChanged(game: "arena", level: "duel").description == "arena level duel has changed since the replay was recorded")
        header.levelChecksum = recording.level.checksum
        header.tickRate = 4_000_000_000
        #expect(throws: ReplayError.tickRate(game: "arena", tickRate: 4_000_000_000)) { try header.resolve(in: [recording.definition]) }
        header.game = "chess"
        #expect(throws: ReplayError.unknownGame("chess")) { try header.resolve(in: [recording.definition]) }
    }

    @Test func joinsTheGameRefusesDoNotSeatAnyone() throws {
        let recording = try ReplayRecording(ticks: 1, seed: 16)
        var writer = ReplayWriter(header: try recording.file().header, layout: recording.definition.inputLayout)
        var bytes = writer.fileStart()
        for id in [0, 1, 2, 3, 4, 5, 6, 1024, 65535] as [PlayerID] { writer.joined(id, name: "p\(id)") }
        writer.stepped(inputs: [:])
        writer.takeChunk(into: &bytes)
        var player = recording.player(try ReplayFile(bytes: bytes, layout: recording.definition.inputLayout))
        player.step()
        // Duel seats four, with ids 1...1023.
        #expect(player.roster.keys.sorted() == [1, 2, 3, 4])
    }
}
