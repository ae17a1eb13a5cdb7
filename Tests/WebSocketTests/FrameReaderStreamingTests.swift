import TestSupport
import Testing
@testable import WebSocket

/// The reader must give the same events whatever way the byte stream is split.
@Suite struct FrameReaderStreamingTests {
    /// A mixed stream: 16-bit and 64-bit lengths, fragments, control frames between
    /// fragments, a multi-byte UTF-8 character split across fragments, empty frames, close.
    static let stream: [UInt8] = {
        var s: [UInt8] = []
        s += frame(1, bytes("Hello"))
        s += frame(2, (0..<300).map { UInt8($0 & 0xFF) })
        s += frame(1, [0x68, 0xC3], fin: false)                 // "h" + first byte of "é"
        s += frame(9, bytes("ping!"))                            // control frame inside the message
        s += frame(0, [0xA9, 0x21], fin: false)                  // rest of "é" + "!"
        s += frame(10, [])
        s += frame(0, [])                                        // empty final fragment
        s += frame(2, (0..<70000).map { UInt8(($0 * 31) & 0xFF) }, mask: [1, 2, 3, 4])
        s += frame(1, [])
        s += frame(8, [0x03, 0xE8] + bytes("done"))
        return s
    }()

    static let expected: [Received] = [
        .text("Hello"),
        .binary((0..<300).map { UInt8($0 & 0xFF) }),
        .ping(bytes("ping!")),
        .pong([]),
        .text("hé!"),
        .binary((0..<70000).map { UInt8(($0 * 31) & 0xFF) }),
        .text(""),
        .close(1000, bytes("done")),
    ]

    @Test func wholeStreamInOneRead() {
        #expect(readAll(Self.stream) == ReadResult(events: Self.expected))
    }

    @Test func oneByteAtATime() {
        var reader = FrameReader(role: .server)
        let result = reader.feed(Self.stream, splitAt: Array(repeating: 1, count: Self.stream.count))
        #expect(result == ReadResult(events: Self.expected))
    }

    @Test func randomSplits() {
        var generator = SeededGenerator(seed: 0x7157_C0DE)
        for iteration in 0..<300 {
            var sizes: [Int] = []
            var total = 0
            while total < Self.stream.count {
                // Mostly tiny chunks (to split headers, lengths and mask keys), some large.
                let size = Bool.random(using: &generator) ? Int.random(in: 1...16, using: &generator)
                    : Int.random(in: 1...20000, using: &generator)
                sizes.append(size)
                total += size
            }
            var reader = FrameReader(role: .server)
            let result = reader.feed(Self.stream, splitAt: sizes)
            #expect(result == ReadResult(events: Self.expected), "iteration \(iteration), sizes \(sizes.prefix(20))")
            if result != ReadResult(events: Self.expected) { break }
        }
    }

    @Test func everyTwoWaySplitOfASmallStream() {
        let small = frame(1, bytes("ab"), fin: false) + frame(9, bytes("p")) + frame(0, bytes("c"))
            + frame(2, Array(repeating: 5, count: 130))
        let expected: [Received] = [.ping(bytes("p")), .text("abc"), .binary(Array(repeating: 5, count: 130))]
        for cut in 0...small.count {
            var reader = FrameReader(role: .server)
            let result = reader.feed(small, splitAt: [cut])
            #expect(result == ReadResult(events: expected), "cut at \(cut)")
        }
    }

    @Test func severalFramesInOneBufferComeOutInOrder() {
        let stream = frame(1, bytes("one")) + frame(1, bytes("two")) + frame(9, bytes("3")) + frame(2, [4])
        #expect(readAll(stream) == ReadResult(events: [.text("one"), .text("two"), .ping(bytes("3")), .binary([4])]))
    }

    @Test func controlFrameBetweenFragmentsIsDeliveredImmediately() {
        var reader = FrameReader(role: .server)
        #expect(reader.feed(frame(2, [1, 2], fin: false)) == ReadResult())
        // The ping arrives before the message is complete and is not held back.
        #expect(reader.feed(frame(9, bytes("now"))) == ReadResult(events: [.ping(bytes("now"))]))
        #expect(reader.feed(frame(0, [3])) == ReadResult(events: [.binary([1, 2, 3])]))
    }

    @Test func splitControlFrameIsReassembled() {
        var reader = FrameReader(role: .server)
        let ping = frame(9, Array(bytes("abcdefghij")))
        #expect(reader.feed(Array(ping[0..<9])) == ReadResult())
        #expect(reader.feed(Array(ping[9...])) == ReadResult(events: [.ping(bytes("abcdefghij"))]))
    }

    @Test func unfragmentedFrameInOneReadIsDeliveredWithoutCopying() {
        var buffer = frame(1, bytes("zero copy")) + frame(2, [9, 9])
        var reader = FrameReader(role: .server)
        var addresses: [UnsafeRawPointer?] = []
        var range: Range<UnsafeRawPointer>?
        let failed = buffer.withUnsafeMutableBytes { raw in
            let start = UnsafeRawPointer(raw.baseAddress!)
            range = start..<(start + raw.count)
            return reader.read(raw) { event in
                switch event {
                case .text(let p), .binary(let p): addresses.append(p.baseAddress)
                default: break
                }
            }
        }
        #expect(failed == nil)
        #expect(addresses.count == 2)
        for address in addresses {
            #expect(address.map { range!.contains($0) } == true, "payload should point into the read buffer")
        }
        // Unmasked in place: the payload bytes in the caller's buffer are now plain text.
        #expect(Array(buffer[6..<15]) == bytes("zero copy"))
    }

    /// A client reads the server's unmasked frames, short and with a 16-bit length (most
    /// snapshots), straight from the read buffer too.
    @Test func clientReadsWholeServerFramesWithoutCopying() {
        let long = (0..<300).map { UInt8($0 & 0xFF) }
        var buffer = frame(2, [1, 2, 3], mask: nil) + frame(2, long, mask: nil)
        var reader = FrameReader(role: .client)
        var events: [Received] = []
        var inside: [Bool] = []
        let failed = buffer.withUnsafeMutableBytes { raw in
            let start = UnsafeRawPointer(raw.baseAddress!)
            return reader.read(raw) { event in
                if case .binary(let payload) = event { inside.append((start..<(start + raw.count)).contains(payload.baseAddress!)) }
                events.append(Received(event))
            }
        }
        #expect(failed == nil)
        #expect(events == [.binary([1, 2, 3]), .binary(long)])
        #expect(inside == [true, true], "payloads should point into the read buffer")
    }

    /// A server reads whole masked binary frames, empty and with a 16-bit length, in one
    /// read, as it reads them byte by byte.
    @Test func serverReadsWholeMaskedBinaryFramesAsSplitOnes() {
        let long = (0..<300).map { UInt8(($0 * 7) & 0xFF) }
        let stream = frame(2, []) + frame(2, long) + frame(2, [42])
        let expected = ReadResult(events: [.binary([]), .binary(long), .binary([42])])
        #expect(readAll(stream) == expected)
        var reader = FrameReader(role: .server)
        #expect(reader.feed(stream, splitAt: Array(repeating: 1, count: stream.count)) == expected)
    }

    @Test func readerIsReusableAcrossManyMessages() {
        var reader = FrameReader(role: .client)
        for index in 0..<1000 {
            let text = "message \(index)"
            let message = frame(1, Array(text.utf8.prefix(4)), fin: false, mask: nil)
                + frame(0, Array(text.utf8.dropFirst(4)), mask: nil)
            #expect(reader.feed(message) == ReadResult(events: [.text(text)]))
        }
    }

    @Test func stateIsSmall() {
        // Fixed per-connection state besides the two lazily grown buffers.
        #expect(MemoryLayout<FrameReader>.size <= 128, "FrameReader is \(MemoryLayout<FrameReader>.size) bytes")
    }
}
