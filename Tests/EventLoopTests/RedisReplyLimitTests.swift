import EventLoop
import TestThreads
import Testing

/// A Redis that answers with an array header claiming a billion elements: hiredis 0.14
/// would allocate and then free their pointers one by one (the loop froze for 15 s). The
/// limit fails the reader at once instead, and the command ends with the lost link.
@Suite(.serialized, .ownThread) struct RedisReplyLimitTests {
    @Test func anArrayReplyOverTheLimitEndsTheLink() throws {
        let loop = try EventLoop()
        let fake = RecordingDelegate()
        var listener: TCPListener?
        listener = try TCPListener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)) { stream in
            stream.delegate = fake
            fake.onRead = { stream, _ in Array("*999999999\r\n".utf8).withUnsafeBytes { stream.write($0) } }
            fake.onClose = { listener?.close() }
            stream.startReading()
        }
        let port = try #require(listener?.localAddress?.port)
        var outcome: Result<RedisReply, RedisError>?
        var lost: RedisError??
        RedisConnection.connect(loop: loop, host: "127.0.0.1", port: port, timeoutMilliseconds: 3_000) { result in
            guard case .success(let connection) = result else {
                Issue.record("no connection: \(result)")
                return
            }
            connection.onDisconnect = { lost = $0 }
            connection.send(["PING"]) { outcome = $0 }
        }
        #expect(runBounded(loop, seconds: 5), "the reply was never refused")
        #expect(outcome == .failure(.connectionLost))
        #expect(lost == .some(.connectionLost))
    }
}
