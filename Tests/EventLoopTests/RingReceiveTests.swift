import TestThreads
import Testing
import EventLoop

/// What only a loop that waits in its ring has to get right (the shared cases run on both
/// paths in TCPStreamTests).
@Suite(.serialized, .ownThread) struct RingReceiveTests {
    /// A stream that stops reading hears nothing until it starts again, then everything
    /// the peer sent, in order (what the ring took before its receive was cancelled, then
    /// what the peer sent later), and the peer's end after it.
    @Test(arguments: [ReceivePath.ring, .gatheringRing]) func bytesAndTheEndWaitWhileReadingIsStopped(receives: ReceivePath) throws {
        let loop = try receives.loop()
        let serverSide = RecordingDelegate()
        var heardWhileStopped = 0
        var stopped = false
        let resume = LoopTimer(loop: loop)
        let listener = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { stream in
            stream.delegate = serverSide
            serverSide.onRead = { stream, _ in
                guard serverSide.received.count >= 5, !stopped else { return }
                stopped = true
                stream.stopReading()
                heardWhileStopped = serverSide.received.count
                // Long enough for the rest and the peer's end to arrive while stopped.
                resume.start(delay: 100) { stream.startReading() }
            }
            stream.startReading()
        }
        let port = try #require(listener.localAddress?.port)
        let later = LoopTimer(loop: loop)
        TCPStream.connect(loop: loop, to: try SocketAddress(host: "127.0.0.1", port: port)) { result in
            guard case .success(let stream) = result else { Issue.record("connect failed"); return }
            stream.delegate = RecordingDelegate()
            Array("hello".utf8).withUnsafeBytes { stream.write($0) }
            Array(" world".utf8).withUnsafeBytes { stream.write($0) }
            listener.close()
            later.start(delay: 20) {  // while the server has stopped reading
                Array("!".utf8).withUnsafeBytes { stream.write($0) }
                stream.closeAfterWriting()
                later.close()
            }
        }
        serverSide.onClose = { resume.close() }
        #expect(runBounded(loop))
        #expect(heardWhileStopped >= 5)
        #expect(serverSide.received == Array("hello world!".utf8))
        #expect(serverSide.closes.count == 1)
        #expect(serverSide.closes.first??.isEndOfFile == true)
    }

    /// The ring holds a receiving stream until its receive's last completion, and no longer:
    /// a stream closed by its peer is freed.
    @Test(arguments: [ReceivePath.ring, .gatheringRing]) func aClosedStreamIsFreedOnceItsReceiveEnds(receives: ReceivePath) throws {
        let loop = try receives.loop()
        let serverSide = RecordingDelegate()
        weak var accepted: TCPStream?
        let listener = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { stream in
            accepted = stream
            stream.delegate = serverSide
            stream.startReading()
        }
        let port = try #require(listener.localAddress?.port)
        TCPStream.connect(loop: loop, to: try SocketAddress(host: "127.0.0.1", port: port)) { result in
            guard case .success(let stream) = result else { Issue.record("connect failed"); return }
            stream.delegate = RecordingDelegate()
            Array("bye".utf8).withUnsafeBytes { stream.write($0) }
            stream.closeAfterWriting()
            listener.close()
        }
        #expect(runBounded(loop))
        #expect(serverSide.received == Array("bye".utf8))
        #expect(serverSide.closes.count == 1)
        #expect(accepted == nil, "the server's stream outlived its close")
    }

    /// A reading stream keeps the loop up, its timers fire while it waits in the ring, and
    /// once every stream has closed (their receives cancelled) `run` returns by itself.
    @Test(arguments: [ReceivePath.ring, .gatheringRing]) func timersFireAndRunEndsWhenTheLastReceiveIsCancelled(receives: ReceivePath) throws {
        let loop = try receives.loop()
        let serverSide = RecordingDelegate()
        weak var accepted: TCPStream?  // the loop holds it while open; freed once closed
        let listener = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { stream in
            stream.delegate = serverSide
            stream.startReading()
            accepted = stream
        }
        let port = try #require(listener.localAddress?.port)
        let clientSide = RecordingDelegate()
        var client: TCPStream?
        TCPStream.connect(loop: loop, to: try SocketAddress(host: "127.0.0.1", port: port)) { result in
            guard case .success(let stream) = result else { Issue.record("connect failed"); return }
            stream.delegate = clientSide
            stream.startReading()
            client = stream
            listener.close()
        }
        var fired = 0
        let timer = LoopTimer(loop: loop)
        timer.start(delay: 50) {
            fired += 1
            timer.close()
            accepted?.close()
        }
        clientSide.onClose = { client = nil }
        #expect(runBounded(loop))
        #expect(fired == 1)
        #expect(serverSide.closes.count == 1)
        // The server's close reached the client as an end: the cancelled receive let the socket go.
        #expect(clientSide.closes.count == 1)
        #expect(clientSide.closes.first??.isEndOfFile == true)
        #expect(client == nil)
        #expect(accepted == nil, "the server's stream outlived its cancelled receive")
    }

    /// A loop with a ring and nothing on it returns at once, and one whose last reading
    /// stream stopped reading returns once nothing else is left (both spun or slept before).
    @Test(arguments: [ReceivePath.ring, .gatheringRing]) func aLoopWithNothingLeftReturns(receives: ReceivePath) throws {
        let empty = try receives.loop()
        #expect(runBounded(empty))
        let loop = try receives.loop()
        var accepted: TCPStream?
        let listener = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { stream in
            stream.delegate = RecordingDelegate()
            stream.startReading()
            accepted = stream
        }
        let port = try #require(listener.localAddress?.port)
        var client: TCPStream?
        TCPStream.connect(loop: loop, to: try SocketAddress(host: "127.0.0.1", port: port)) { result in
            guard case .success(let stream) = result else { Issue.record("connect failed"); return }
            stream.delegate = RecordingDelegate()
            client = stream
            Array("x".utf8).withUnsafeBytes { stream.write($0) }
        }
        let timer = LoopTimer(loop: loop)
        timer.start(delay: 30) {
            timer.close()
            listener.close()
            accepted?.stopReading()
        }
        #expect(runBounded(loop))
        #expect(accepted?.isReading == false)
        client?.close()
        accepted?.close()
        loop.runOnce(wait: false)
    }
}
