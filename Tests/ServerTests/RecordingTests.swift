import Client
import Arena
import Bots
import EventLoop
import Foundation
import GameCore
import Replay
import TestThreads
import Testing
import Wire
@testable import Server

/// Issue 14: rooms record replays with `--record`; the recordings re-simulate exactly, and
/// admins watch them in replay rooms they can pause, speed up and seek.
@Suite(.ownThread) struct RecordingTests {
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "tickwire-replays-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func replays(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".twr") }.sorted()
    }

    /// Bots play `ticks` ticks in a recorded room; returns the live room's final hash and tick.
    static func recordBots(_ loop: EventLoop, _ server: GameServer, count: Int, ticks: UInt32) throws -> (hash: UInt64, tick: UInt32) {
        var configuration = SwarmConfiguration(url: WebSocketURL(host: "127.0.0.1", port: server.port))
        configuration.count = count
        configuration.target = .room("recorded")
        configuration.seed = 3
        let swarm = BotSwarm(loop: loop, configuration: configuration)
        swarm.start()
        #expect(runUntil(loop, seconds: 10) { swarm.playingCount == count })
        #expect(runUntil(loop, seconds: Double(ticks) / 60 + 15) { (server.registry.room(id: "recorded")?.tick ?? 0) >= ticks })
        let room = try #require(server.registry.room(id: "recorded"))
        let live = (room.simulation.stateHash(), room.tick)
        server.closeRooms()  // the recording ends with the room, as at shutdown
        swarm.stop()
        #expect(runUntil(loop, seconds: 5) { swarm.isFinished && !(server.replays?.entries.contains { $0.recording } ?? true) })
        return live
    }

    @Test func eightBotsForTwentySecondsReplayExactly() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (loop, server) = try makeServer {
            $0.recordDirectory = directory
            $0.maxPlayersPerRoom = 8
        }
        let live = try Self.recordBots(loop, server, count: 8, ticks: 1200)
        let names = try Self.replays(in: directory)
        #expect(names.count == 1 && names[0].hasPrefix("recorded-"))
        let bytes = try #require(FileManager.default.contents(atPath: directory + "/" + names[0])).map { $0 }
        let (game, level) = try ReplayFile.header(of: bytes).resolve(in: server.games)
        let file = try ReplayFile(bytes: bytes, layout: game.inputLayout)
        #expect(file.ending == .trailer(ReplayTrailer(tick: live.tick, stateHash: live.hash, reason: "server shutting down")))
        var player = ReplayPlayer(file: file, simulation: level.makeSimulation(file.header.seed))
        let matched = player.verify()
        #expect(matched, "diverged at \(String(describing: player.divergence))")
        #expect(player.hashesChecked >= 20)
        #expect(player.tick == live.tick && player.simulation.stateHash() == live.hash)
        #expect(player.roster.count == 8)
        tearDown(loop, server, [])
    }

    @Test func adminsListTheRecordingsOverHTTP() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (loop, server) = try makeServer {
            $0.recordDirectory = directory
            $0.adminToken = "s3cret-token"
        }
        _ = try Self.recordBots(loop, server, count: 2, ticks: 60)
        func get(_ authorization: String?) -> RawClient {
            let client = RawClient.connect(loop: loop, port: server.port) {
                $0.send("GET /replays HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (authorization.map { "Authorization: \($0)\r\n" } ?? "") + "\r\n")
            }
            #expect(runUntil(loop) { client.closed })
            return client
        }
        #expect(get(nil).statusCode == 401)
        #expect(get("Bearer wrong-token").statusCode == 401)
        let answer = get("Bearer s3cret-token")
        #expect(answer.statusCode == 200)
        let id = String(try #require(Self.replays(in: directory).first).dropLast(4))
        #expect(answer.body.hasPrefix("[{\"id\":\"\(id)\",\"room\":\"recorded\",\"game\":\"arena\",\"gameVersion\":\"1.0\",\"level\":\"arena\","))
        #expect(answer.body.contains(",\"recording\":false}]"))
        tearDown(loop, server, [])
    }

    @Test func adminsWatchAReplayAndSteerIt() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (loop, server) = try makeServer {
            $0.recordDirectory = directory
            $0.adminToken = "s3cret-token"
        }
        _ = try Self.recordBots(loop, server, count: 3, ticks: 300)
        let id = String(try #require(Self.replays(in: directory).first).dropLast(4))
        let admin = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.spectate(version: ProtocolVersion.current, adminToken: "s3cret-token", room: "replay:" + id))
        }
        func status() -> ReplayStatus? {
            admin.messages.reversed().lazy.compactMap { if case .replayStatus(let status) = $0 { return status }; return nil }.first
        }
        #expect(runUntil(loop) { admin.welcome != nil && status() != nil && admin.snapshotHeaders.count >= 3 })
        #expect(admin.welcome?.roomID == "replay:" + id && admin.welcome?.playerID == 0)
        #expect(runUntil(loop) { admin.roster.count == 3 && admin.view.players.count == 3 })
        // Acks count in a replay room too: after the first, snapshots are deltas.
        #expect(runUntil(loop) { admin.snapshotHeaders.contains { !$0.isFull } })
        #expect(status()?.endTick == 300 && status()?.paused == false && status()?.speedQuarters == 4)
        #expect(status()?.ending == "complete (server shutting down)")
        // Players never see replay rooms; admins do.
        #expect(server.rooms.isEmpty)

        admin.send(.replayControl(.pause))
        #expect(runUntil(loop) { status()?.paused == true })
        let pausedAt = try #require(status()?.tick)
        let snapshotsWhenPaused = admin.snapshotHeaders.count
        admin.send(.replayControl(.speed(quarters: 32)))
        #expect(runUntil(loop) { status()?.speedQuarters == 32 })
        #expect(status()?.tick == pausedAt && admin.snapshotHeaders.count == snapshotsWhenPaused)
        // Someone who arrives while it is paused sees the paused moment at once.
        let late = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.spectate(version: ProtocolVersion.current, adminToken: "s3cret-token", room: "replay:" + id))
        }
        #expect(runUntil(loop) { late.snapshotHeaders.count == 1 && late.view.players.count == 3 })
        #expect(late.snapshotHeaders.first?.isFull == true)

        // Seek back: the view shows that tick, with snapshot ticks still increasing.
        let lastTick = try #require(admin.snapshotHeaders.last?.tick)
        admin.send(.replayControl(.seek(tick: 30)))
        #expect(runUntil(loop) { status()?.tick == 30 && (admin.snapshotHeaders.last?.tick ?? 0) > lastTick })
        #expect((admin.snapshotHeaders.last?.tick ?? 0) > lastTick + 64, "a seek jumps the snapshot ticks by more than 64")
        #expect(admin.snapshotErrors.isEmpty)
        // Play at 8x to the end: the status says it stopped there.
        admin.send(.replayControl(.play))
        #expect(runUntil(loop, seconds: 5) { status()?.tick == 300 && status()?.paused == true })
        #expect(admin.snapshotErrors.isEmpty)
        tearDown(loop, server, [admin, late])
    }

    @Test func unplayableReplaysGetTheDocumentedError() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #require(FileManager.default.createFile(atPath: directory + "/junk.twr", contents: Data("#!/bin/sh\n".utf8)))
        let (loop, server) = try makeServer {
            $0.recordDirectory = directory
            $0.adminToken = "s3cret-token"
        }
        let admin = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.spectate(version: ProtocolVersion.current, adminToken: "s3cret-token", room: "replay:junk"))
            $0.send(.spectate(version: ProtocolVersion.current, adminToken: "s3cret-token", room: "replay:nothing"))
        }
        #expect(runUntil(loop) { admin.errors.count == 2 })
        #expect(admin.errors.map(\.code) == [.replayUnavailable, .replayUnavailable])
        #expect(Set(admin.errors.map(\.message)) == ["no replay nothing", "replay junk: not a Tickwire replay (no TWREPLAY signature)"])
        // A spectator of a live room cannot steer anything; the connection stays open.
        admin.send(.spectate(version: ProtocolVersion.current, adminToken: "s3cret-token", room: "live"))
        let player = TestClient.connect(loop: loop, port: server.port) { $0.join("p", .room("live")) }
        #expect(runUntil(loop) { player.welcome != nil })
        admin.send(.spectate(version: ProtocolVersion.current, adminToken: "s3cret-token", room: "live"))
        #expect(runUntil(loop) { admin.welcome?.roomID == "live" })
        admin.send(.replayControl(.pause))
        #expect(runUntil(loop) { admin.errors.last?.code == .unexpectedMessage })
        #expect(admin.isOpen)
        tearDown(loop, server, [admin, player])

        let (quietLoop, quiet) = try makeServer { $0.adminToken = "s3cret-token" }
        let asker = TestClient.connect(loop: quietLoop, port: quiet.port) {
            $0.send(.spectate(version: ProtocolVersion.current, adminToken: "s3cret-token", room: "replay:x"))
        }
        #expect(runUntil(quietLoop) { !asker.errors.isEmpty })
        #expect(asker.errors.first?.message == "this server keeps no recordings (start it with --record DIR)")
        tearDown(quietLoop, quiet, [asker])
    }

    @Test func recordingsStayUnderTheirSizeCaps() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Old recordings over the total cap: the oldest go at start.
        for (index, name) in ["a", "b", "c"].enumerated() {
            let path = directory + "/\(name).twr"
            try #require(FileManager.default.createFile(atPath: path, contents: Data(count: 3000)))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: Double(1000 + index))], ofItemAtPath: path)
        }
        let (loop, server) = try makeServer {
            $0.recordDirectory = directory
            $0.recordMaxFileBytes = 4096
            $0.recordMaxTotalBytes = 8192
        }
        #expect(runUntil(loop) { (try? Self.replays(in: directory)) == ["b.twr", "c.twr"] })
        // Eight bots for 10 s write about 7 KB (bots change their aim almost every tick): past the cap.
        _ = try Self.recordBots(loop, server, count: 8, ticks: 600)
        // The new recording stopped at its cap with a trailer; older files made room for it.
        let names = try Self.replays(in: directory)
        let recording = try #require(names.first { $0.hasPrefix("recorded-") })
        let bytes = try #require(FileManager.default.contents(atPath: directory + "/" + recording)).map { $0 }
        #expect(bytes.count <= 4096)
        let file = try ReplayFile(bytes: bytes, layout: ArenaInput.layout)
        guard case .trailer(let trailer) = file.ending else {
            Issue.record("no trailer: \(file.ending)")
            tearDown(loop, server, [])
            return
        }
        #expect(trailer.reason == "size cap reached" && UInt64(trailer.tick) == file.stepCount)
        #expect(runUntil(loop) { (server.replays?.totalBytes ?? .max) <= 8192 })
        tearDown(loop, server, [])
    }
}

@Suite struct ReplayTickNumberingTests {
    @Test func seeksRestartTheNumberingRatherThanWrapping() throws {
        let recording = try RecordingHelpers.smallReplay()
        let playback = ReplayPlayback(replayID: "x", player: recording)
        playback.lastSentTick = 1_000
        #expect(playback.afterSeek())
        #expect(playback.snapshotTick > 1_064 && playback.snapshotTick % 128 == playback.player.tick % 128)
        playback.lastSentTick = UInt32.max - 100
        #expect(!playback.afterSeek())
    }

    /// A seek forward past the numbering (here 400 ticks on from snapshot tick 128, as the
    /// spectator's `]` does): the offset stays a whole number of 128s (it trapped below 0).
    @Test func aLongSeekForwardKeepsTheNumberingAbove() throws {
        let playback = ReplayPlayback(replayID: "x", player: try RecordingHelpers.smallReplay(ticks: 600))
        playback.lastSentTick = playback.snapshotTick
        let arrived = playback.player.seek(to: 400, maxSteps: 1_000)
        #expect(arrived && playback.player.tick == 400)
        #expect(playback.afterSeek())
        #expect(playback.snapshotTick > 128 + ReplayPlayback.seekJump)
        #expect(playback.snapshotTick >= 400 && playback.snapshotTick % 128 == 400 % 128)
    }
}

/// A tiny recording made without a server.
enum RecordingHelpers {
    static func smallReplay(ticks: Int = 10) throws -> ReplayPlayer {
        let game = try ArenaGame.definition(mapsDirectory: bundledMapsDirectory)
        let level = try #require(game.level(named: "duel"))
        let header = ReplayHeader(game: game.name, gameVersion: game.version, level: level.key, levelChecksum: level.checksum,
                                  seed: 1, tickRate: 60, startedAtMilliseconds: 0, roomID: "x")
        var writer = ReplayWriter(header: header, layout: game.inputLayout)
        var bytes = writer.fileStart()
        for _ in 0..<ticks { writer.stepped(inputs: [:]) }
        writer.takeChunk(into: &bytes)
        return ReplayPlayer(file: try ReplayFile(bytes: bytes, layout: game.inputLayout), simulation: level.makeSimulation(1))
    }
}

@Suite struct RecordingNameTests {
    @Test func recordingsAreNamedByTheirUTCStart() {
        #expect(ReplayLibrary.stamp(milliseconds: 0) == "19700101-000000")
        #expect(ReplayLibrary.stamp(milliseconds: 951_782_400_000) == "20000229-000000")  // a leap day
        #expect(ReplayLibrary.stamp(milliseconds: 1_796_302_245_999) == "20261203-125045")
        #expect(ReplayLibrary.stamp(milliseconds: 4_102_444_799_000) == "20991231-235959")
    }
}
