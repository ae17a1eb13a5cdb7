import TestThreads
import Testing
import EventLoop

@Suite(.serialized, .ownThread) struct TCPStreamTests {
    @Test(arguments: ReceivePath.allCases) func bytesRoundTripAndBothSidesCloseOnce(receives: ReceivePath) throws {
        let loop = try receives.loop()
        let serverSide = RecordingDelegate()
        let clientSide = RecordingDelegate()
        var listener: TCPListener?
        listener = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { stream in
            stream.delegate = serverSide
            serverSide.onRead = { stream, bytes in
                stream.write(UnsafeRawBufferPointer(bytes))  // echo
            }
            stream.startReading()
            listener?.close()
        }
        let port = try #require(listener?.localAddress?.port)
        TCPStream.connect(loop: loop, to: try SocketAddress(host: "127.0.0.1", port: port)) { result in
            guard case .success(let stream) = result else { Issue.record("connect failed"); return }
            stream.delegate = clientSide
            clientSide.onRead = { stream, _ in
                if clientSide.received.count == 5 { stream.close() }
            }
            stream.startReading()
            Array("hello".utf8).withUnsafeBytes { stream.write($0) }
        }
        #expect(runBounded(loop))
        #expect(serverSide.received == Array("hello".utf8))
        #expect(clientSide.received == Array("hello".utf8))
        #expect(clientSide.closes.count == 1)
        #expect(clientSide.closes.first! == nil)  // local close: no error
        #expect(serverSide.closes.count == 1)
        #expect(serverSide.closes.first??.isEndOfFile == true)  // peer went away: EOF
    }

    @Test(arguments: ReceivePath.allCases) func queuedBytesGrowForASlowReaderAndDrain(receives: ReceivePath) throws {
        let loop = try receives.loop()
        let payload = [UInt8](repeating: 0x61, count: 16 << 20)
        let run = try oneBigWrite(on: loop, count: payload.count) { stream in payload.withUnsafeBytes { stream.write($0) } }
        // The kernel cannot take 16 MiB at once: the rest waited in the queue, counted.
        #expect(run.queuedAfterWrite > 0)
        #expect(run.queuedAfterWrite < payload.count)
        #expect(run.client.received.count == payload.count)
        #expect(run.server.drains >= 1)
        #expect(run.accepted?.queuedBytes == 0)
    }

    /// A write of two pieces the kernel takes only part of, the cut falling in the first
    /// piece or in the second (also with an empty first piece): the rest of both waits in
    /// the queue, and the peer reads every byte once, in order.
    @Test(arguments: [(16 << 20, 100), (100, 16 << 20), (0, 16 << 20)])
    func twoPiecesTheKernelTakesPartOfArriveWhole(firstCount: Int, secondCount: Int) throws {
        // Each piece's own byte, its ends marked: a lost, repeated or swapped run shows.
        func piece(_ count: Int, _ fill: UInt8, _ ends: (UInt8, UInt8)) -> [UInt8] {
            var bytes = [UInt8](repeating: fill, count: count)
            if count > 0 { bytes[0] = ends.0; bytes[count - 1] = ends.1 }
            return bytes
        }
        let first = piece(firstCount, 0x61, (0x41, 0x5A)), second = piece(secondCount, 0x62, (0x42, 0x59))
        let run = try oneBigWrite(on: try EventLoop(), count: firstCount + secondCount) { stream in
            first.withUnsafeBytes { first in second.withUnsafeBytes { second in stream.write(first, second) } }
        }
        #expect(run.queuedAfterWrite > 0 && run.queuedAfterWrite < firstCount + secondCount, "the kernel took part: \(run.queuedAfterWrite) queued")
        #expect(run.client.received.count == firstCount + secondCount)
        #expect(run.client.received.elementsEqual(first + second), "the bytes arrived changed or out of order")
    }

    /// A server that `write`s to the one client it accepts, and a client that reads `count`
    /// bytes, then closes everything: what the server had queued right after writing, and
    /// what each side's delegate heard.
    private func oneBigWrite(on loop: EventLoop, count: Int, write: @escaping (TCPStream) -> Void) throws
        -> (queuedAfterWrite: Int, server: RecordingDelegate, client: RecordingDelegate, accepted: TCPStream?) {
        let serverSide = RecordingDelegate()
        let clientSide = RecordingDelegate()
        var queuedAfterWrite = 0
        var accepted: TCPStream?
        let listener = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { stream in
            accepted = stream
            stream.delegate = serverSide
            write(stream)
            queuedAfterWrite = stream.queuedBytes
        }
        let port = try #require(listener.localAddress?.port)
        TCPStream.connect(loop: loop, to: try SocketAddress(host: "127.0.0.1", port: port)) { result in
            guard case .success(let stream) = result else { return }
            stream.delegate = clientSide
            clientSide.onRead = { stream, _ in
                if clientSide.received.count >= count {
                    stream.close()
                    accepted?.close()
                    listener.close()
                }
            }
            stream.startReading()
        }
        #expect(runBounded(loop, seconds: 10))
        return (queuedAfterWrite, serverSide, clientSide, accepted)
    }

    @Test(arguments: ReceivePath.allCases) func connectToAClosedPortReportsRefused(receives: ReceivePath) throws {
        let loop = try receives.loop()
        // Bind then close a listener to get a port nobody listens on.
        let probe = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { _ in }
        let port = try #require(probe.localAddress?.port)
        probe.close()
        var outcome: LoopError?
        TCPStream.connect(loop: loop, to: try SocketAddress(host: "127.0.0.1", port: port)) { result in
            if case .failure(let error) = result { outcome = error }
        }
        #expect(runBounded(loop))
        #expect(outcome?.name == "ECONNREFUSED")
    }

    @Test(arguments: ReceivePath.allCases) func closeAfterWritingDeliversEverythingThenEOF(receives: ReceivePath) throws {
        let loop = try receives.loop()
        let clientSide = RecordingDelegate()
        let message = Array("HTTP/1.1 404 Not Found\r\n\r\n".utf8)
        let listener = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { stream in
            message.withUnsafeBytes { stream.write($0) }
            stream.closeAfterWriting()
        }
        let port = try #require(listener.localAddress?.port)
        TCPStream.connect(loop: loop, to: try SocketAddress(host: "127.0.0.1", port: port)) { result in
            guard case .success(let stream) = result else { return }
            stream.delegate = clientSide
            clientSide.onClose = { listener.close() }
            stream.startReading()
        }
        #expect(runBounded(loop))
        #expect(clientSide.received == message)
        #expect(clientSide.closes.count == 1)
        #expect(clientSide.closes.first??.isEndOfFile == true)
    }

    @Test func invalidAddressIsATypedError() {
        #expect(throws: LoopError.self) { try SocketAddress(host: "not-an-ip", port: 80) }
        #expect(throws: LoopError.self) { try SocketAddress(host: "127.0.0.1", port: 70000) }
    }
}
