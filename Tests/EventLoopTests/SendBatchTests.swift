import EventLoop
import TestThreads
import Testing

/// Sends made inside `batchingSends` after `enableBatchedSends()` leave in one io_uring
/// submission; what a peer receives must be exactly what the unbatched path delivers.
@Suite(.serialized, .ownThread) struct SendBatchTests {
    /// Accepts `count` connections from its own clients, then calls `ready` with the
    /// server-side streams (in accept order) and the clients' recorders.
    final class Pairs {
        let loop: EventLoop
        var servers: [TCPStream] = []
        var clients: [RecordingDelegate] = []
        let listener: TCPListener

        init(loop: EventLoop, count: Int, ready: @escaping (Pairs) -> Void) throws {
            self.loop = loop
            var accepted: [TCPStream] = []
            var box: Pairs?
            listener = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { stream in
                stream.delegate = RecordingDelegate()
                accepted.append(stream)
                if accepted.count == count, let pairs = box {
                    pairs.servers = accepted
                    box = nil  // the listener's callback lets go of the pairs
                    ready(pairs)
                }
            }
            box = self
            let port = listener.localAddress!.port
            for _ in 0..<count {
                let recorder = RecordingDelegate()
                clients.append(recorder)
                TCPStream.connect(loop: loop, to: try SocketAddress(host: "127.0.0.1", port: port)) { result in
                    guard case .success(let stream) = result else { Issue.record("connect failed"); return }
                    stream.delegate = recorder
                    stream.startReading()
                }
            }
        }
    }

    @Test func everyStreamGetsItsBytesInOrder() throws {
        let loop = try EventLoop()
        guard loop.enableBatchedSends() else { return }  // a kernel without io_uring: nothing to test
        let head = Array("head:".utf8), body = Array("shared body".utf8)
        var expected: [[UInt8]] = []
        let pairs = try Pairs(loop: loop, count: 3) { pairs in
            loop.batchingSends {
                for (index, stream) in pairs.servers.enumerated() {
                    let first = Array("first \(index);".utf8)
                    first.withUnsafeBytes { stream.write($0) }
                    head.withUnsafeBytes { head in body.withUnsafeBytes { stream.write(head, $0) } }
                    expected.append(first + head + body)
                    // Queued, not sent yet: the batch sends when the pass ends.
                    #expect(stream.queuedBytes == first.count + head.count + body.count)
                }
            }
            #expect(pairs.servers.allSatisfy { $0.queuedBytes == 0 })
            pairs.listener.close()
        }
        for (index, client) in pairs.clients.enumerated() {
            client.onRead = { stream, _ in
                if client.received.count >= expected[index].count { stream.close() }
            }
            client.onClose = { pairs.servers[index].close() }
        }
        #expect(runBounded(loop))
        for (index, client) in pairs.clients.enumerated() { #expect(client.received == expected[index]) }
    }

    @Test func whatTheKernelDoesNotTakeGoesOnThroughTheQueue() throws {
        let loop = try EventLoop()
        guard loop.enableBatchedSends() else { return }
        let payload = [UInt8](repeating: 0x62, count: 16 << 20)
        var queuedAfterBatch = 0
        let pairs = try Pairs(loop: loop, count: 1) { pairs in
            loop.batchingSends { payload.withUnsafeBytes { pairs.servers[0].write($0) } }
            queuedAfterBatch = pairs.servers[0].queuedBytes
            pairs.listener.close()
        }
        let client = pairs.clients[0]
        client.onRead = { stream, _ in
            if client.received.count == payload.count {
                stream.close()
                pairs.servers[0].close()
            }
        }
        #expect(runBounded(loop, seconds: 10))
        #expect(queuedAfterBatch > 0 && queuedAfterBatch < payload.count)
        #expect(client.received.count == payload.count)
        #expect(client.received.allSatisfy { $0 == 0x62 })
    }

    @Test func aStreamClosedOrFinishedInsideTheBatch() throws {
        let loop = try EventLoop()
        guard loop.enableBatchedSends() else { return }
        let goodbye = Array("goodbye".utf8)
        weak var closed: TCPStream?, finished: TCPStream?
        let pairs = try Pairs(loop: loop, count: 2) { pairs in
            loop.batchingSends {
                // The first is closed after writing: its bytes are dropped, its peer sees the end.
                Array("lost".utf8).withUnsafeBytes { pairs.servers[0].write($0) }
                pairs.servers[0].close()
                // The second finishes after writing: everything arrives before the end.
                goodbye.withUnsafeBytes { pairs.servers[1].write($0) }
                pairs.servers[1].closeAfterWriting()
            }
            closed = pairs.servers[0]
            finished = pairs.servers[1]
            pairs.servers.removeAll()  // from here only the loop holds them, until they close
            pairs.listener.close()
        }
        for client in pairs.clients {
            client.onClose = {}
        }
        #expect(runBounded(loop))
        #expect(pairs.clients[0].received.isEmpty)
        #expect(pairs.clients[0].closes.count == 1)
        #expect(pairs.clients[1].received == goodbye)
        #expect(pairs.clients[1].closes.first??.isEndOfFile == true)
        #expect(closed == nil && finished == nil, "a stream that was in a batch outlived its close")
    }
}
