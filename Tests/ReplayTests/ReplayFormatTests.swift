import GameCore
import Replay
import Testing
import Wire

/// The replay format byte for byte (docs/REPLAYS.md): a one-field layout, a join, a step,
/// two quiet steps, a hash and a trailer.
@Suite struct ReplayFormatTests {
    static let layout = InputLayout([InputField("x", bytes: 1, signed: true, range: -127...127)])
    static let header = ReplayHeader(game: "g", gameVersion: "1", level: "l", levelChecksum: 5, seed: 7, tickRate: 60,
                                     startedAtMilliseconds: 1000, roomID: "r")
    static let fileHex = """
        54 57 52 45 50 4c 41 59 01
        01 0d 01 67 01 31 01 6c 05 07 3c e8 07 01 72 d7 78 00 9e
        02 0e 02 01 01 61 00 01 01 01 0a 01 02 04 03 10 87 d8 c3 0f
        03 04 03 10 01 78 e0 3a f4 98
        """

    static func bytes(_ hex: String) -> [UInt8] {
        hex.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt8($0, radix: 16)! }
    }

    @Test func theWriterWritesTheDocumentedBytes() {
        var writer = ReplayWriter(header: Self.header, layout: Self.layout)
        var file = writer.fileStart()
        writer.joined(1, name: "a")
        var input = PlayerInput(sequence: 9)
        input[0] = 5
        for _ in 0..<3 { writer.stepped(inputs: [1: input]) }
        writer.hashed(tick: 3, hash: 0x10)
        writer.takeChunk(into: &file)
        file += writer.finish(ReplayTrailer(tick: 3, stateHash: 0x10, reason: "x"))
        #expect(file == Self.bytes(Self.fileHex))
    }

    @Test func theReaderReadsThemBack() throws {
        let file = try ReplayFile(bytes: Self.bytes(Self.fileHex), layout: Self.layout)
        #expect(file.header == Self.header)
        #expect(file.events == [.join(1, name: "a"), .step(0..<1), .steps(2), .hash(tick: 3, hash: 0x10)])
        var five = SIMD8<Int32>.zero
        five[0] = 5
        #expect(file.changes == [ReplayFile.InputChange(player: 1, values: five)])
        #expect(file.stepCount == 3)
        #expect(file.ending == .trailer(ReplayTrailer(tick: 3, stateHash: 0x10, reason: "x")))
    }

    @Test func aValueOutsideTheLayoutIsDamage() throws {
        // The step's delta is zigzag 0xfe 0x01 = 127, then a second step adds 127 more: 254 > 127.
        var bytes = Self.bytes(Self.fileHex)
        bytes.removeLast(10 + 20)  // the trailer and the chunk
        let payload: [UInt8] = [0x02, 0x01, 0x01, 0x61, 0x00, 0x01, 0x01, 0x01, 0xfe, 0x01, 0x00, 0x01, 0x01, 0x01, 0xfe, 0x01]
        bytes += [0x02, UInt8(payload.count)] + payload + [0, 0, 0, 0]
        let check = Self.fnv(kind: 2, payload)
        for index in 0..<4 { bytes[bytes.count - 4 + index] = UInt8(truncatingIfNeeded: check >> (8 * index)) }
        let file = try ReplayFile(bytes: bytes, layout: Self.layout)
        #expect(file.ending == .damaged(offset: 28, reason: "input x of player 1 would be 254"))
        #expect(file.events.isEmpty)
    }

    @Test func aDeltaThatOverflowsIsDamageNotACrash() throws {
        // x = 1, then a delta of Int64.max (zigzag: fe, eight ff, 01): 1 + Int64.max overflows.
        var bytes = Self.bytes(Self.fileHex)
        bytes.removeLast(10 + 20)
        let huge: [UInt8] = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        let payload: [UInt8] = [0x02, 0x01, 0x01, 0x61, 0x00, 0x01, 0x01, 0x01, 0x02, 0x00, 0x01, 0x01, 0x01] + huge
        bytes += [0x02, UInt8(payload.count)] + payload + [0, 0, 0, 0]
        let check = Self.fnv(kind: 2, payload)
        for index in 0..<4 { bytes[bytes.count - 4 + index] = UInt8(truncatingIfNeeded: check >> (8 * index)) }
        let file = try ReplayFile(bytes: bytes, layout: Self.layout)
        #expect(file.ending == .damaged(offset: 28, reason: "input x of player 1 overflows"))
    }

    static func fnv(kind: UInt8, _ payload: [UInt8]) -> UInt32 {
        ([kind] + payload).reduce(0x811C_9DC5 as UInt32) { ($0 ^ UInt32($1)) &* 0x0100_0193 }
    }
}

/// How fast a playback steps, and what the replay commands do to it.
@Suite struct PlaybackClockTests {
    @Test func speedsAreQuartersOfRealTimeAndCapped() {
        var clock = PlaybackClock()
        clock.speedQuarters = 1
        // 0.25x of a 60 Hz recording on a 60 Hz clock: one step every fourth call.
        #expect((0..<8).map { _ in clock.stepsDue(clockRate: 60, recordedRate: 60) } == [0, 0, 0, 1, 0, 0, 0, 1])
        clock.speedQuarters = 32
        #expect(clock.stepsDue(clockRate: 60, recordedRate: 60) == 8)
        // A header claiming an absurd rate cannot make one call step without bound.
        #expect(clock.stepsDue(clockRate: 1, recordedRate: .max) <= PlaybackClock.maxStepsPerCall)
        clock.paused = true
        #expect(clock.stepsDue(clockRate: 60, recordedRate: 60) == 0)
        #expect(PlaybackClock.faster(32) == 32 && PlaybackClock.slower(1) == 1 && PlaybackClock.faster(4) == 8)
    }

    @Test func commandsChangeTheClockOrNameWhereToSeek() {
        var clock = PlaybackClock()
        #expect(clock.apply(.pause, atEnd: false) == nil && clock.paused)
        #expect(clock.apply(.play, atEnd: false) == nil && !clock.paused)
        #expect(clock.apply(.play, atEnd: true) == 0, "play at the end starts over")
        #expect(clock.apply(.speed(quarters: 2), atEnd: false) == nil && clock.speedQuarters == 2)
        #expect(clock.apply(.seek(tick: 300), atEnd: false) == 300)
    }
}
