import CHiredis
import CLibUV

/// One connection to Redis through hiredis' async API, attached to the loop with hiredis'
/// libuv adapter. Commands are pipelined; each reply comes back on the loop in order.
/// Deadlines for replies are the caller's: `abort()` drops a connection that stopped
/// answering.
public final class RedisConnection {
    private var context: UnsafeMutablePointer<redisAsyncContext>?
    private var connectTimer: LoopTimer?
    private var connected = false
    /// `abort()` frees the context, which hiredis then reports as a clean disconnect.
    private var aborting = false
    /// Inside hiredis' connect callback, where freeing the context would pull it from under
    /// hiredis: a `close()` there waits for the next loop turn.
    private var insideConnectCallback = false
    private var loop: EventLoop?
    private var onConnect: ((Result<RedisConnection, RedisError>) -> Void)?
    /// Called once when an open connection ends (lost, or closed on purpose), with the reason.
    public var onDisconnect: ((RedisError?) -> Void)?
    /// Commands sent whose replies have not come yet.
    public private(set) var pendingReplies = 0

    private init() {}

    /// Connects to `host:port` (a name is resolved first, off the loop thread).
    /// `completion` gets the open connection, or why there is none, within `timeoutMilliseconds`.
    public static func connect(loop: EventLoop, host: String, port: Int, timeoutMilliseconds: UInt64,
                               completion: @escaping (Result<RedisConnection, RedisError>) -> Void) {
        SocketAddress.resolve(loop: loop, host: host, port: port) { resolved in
            switch resolved {
            case .failure(let error):
                completion(.failure(.connectFailed("\(host): \(error)")))
            case .success(let address):
                RedisConnection().start(loop: loop, ip: address.host, port: port, timeoutMilliseconds: timeoutMilliseconds,
                                        completion: completion)
            }
        }
    }

    private func start(loop: EventLoop, ip: String, port: Int, timeoutMilliseconds: UInt64,
                       completion: @escaping (Result<RedisConnection, RedisError>) -> Void) {
        guard let made = redisAsyncConnect(ip, Int32(port)) else {
            completion(.failure(.connectFailed("out of memory")))
            return
        }
        if made.pointee.err != 0 {
            let reason = Self.errorText(made)
            redisAsyncFree(made)
            completion(.failure(.connectFailed(reason)))
            return
        }
        tw_redis_limit_arrays(made)
        guard tw_redis_attach(made, UnsafeMutableRawPointer(loop.raw)) == REDIS_OK else {
            made.pointee.ev.cleanup = nil  // the adapter sets it before it can fail; its data is still NULL
            redisAsyncFree(made)
            completion(.failure(.connectFailed("cannot attach to the loop")))
            return
        }
        context = made
        self.loop = loop
        onConnect = completion
        // Unmanaged: hiredis reaches this object through the context's data; released when the context ends.
        made.pointee.data = Unmanaged.passRetained(self).toOpaque()
        redisAsyncSetConnectCallback(made) { context, status in
            let owner = RedisConnection.owner(of: context)
            owner.connectFinished(status == REDIS_OK ? nil : RedisConnection.errorText(context!))
        }
        redisAsyncSetDisconnectCallback(made) { context, status in
            let owner = Unmanaged<RedisConnection>.fromOpaque(context!.pointee.data).takeRetainedValue()
            owner.ended(lost: status != REDIS_OK)
        }
        let timer = LoopTimer(loop: loop)
        connectTimer = timer
        timer.start(delay: timeoutMilliseconds) { [unowned self] in
            guard !connected else { return }
            giveUp("timed out")
        }
    }

    private static func owner(of context: UnsafePointer<redisAsyncContext>?) -> RedisConnection {
        Unmanaged<RedisConnection>.fromOpaque(context!.pointee.data).takeUnretainedValue()
    }

    private static func errorText(_ context: UnsafePointer<redisAsyncContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Frees a context still connecting (hiredis then calls no callback of ours) and fails the connect.
    private func giveUp(_ reason: String) {
        guard let context else { return }
        self.context = nil
        redisAsyncFree(context)
        connectFinished(reason)
    }

    private func connectFinished(_ failure: String?) {
        let keep = self  // the release below may drop the last reference
        withExtendedLifetime(keep) {
            connectTimer?.close()
            connectTimer = nil
            guard let completion = onConnect else { return }
            onConnect = nil
            if let failure {
                // hiredis frees a context whose connect failed, without a disconnect callback:
                // the reference the context held is ours to drop.
                context = nil
                completion(.failure(failure == "timed out" ? .connectTimedOut : .connectFailed(failure)))
                Unmanaged.passUnretained(self).release()
            } else {
                connected = true
                insideConnectCallback = true
                completion(.success(self))
                insideConnectCallback = false
            }
        }
    }

    private func ended(lost: Bool) {
        context = nil
        connected = false
        let callback = onDisconnect
        onDisconnect = nil
        callback?(lost || aborting ? .connectionLost : nil)
    }

    /// Whether commands can be sent.
    public var isConnected: Bool { connected && context != nil }

    /// Sends one command (`arguments[0]` is its name). `reply` runs on the loop with the
    /// reply (an error reply included), or with `.connectionLost` if the connection ends first.
    public func send(_ arguments: [String], reply: @escaping (Result<RedisReply, RedisError>) -> Void) {
        guard let context, connected else {
            reply(.failure(.notConnected))
            return
        }
        var joined: [UInt8] = []
        var lengths: [Int] = []
        for argument in arguments {
            let bytes = argument.utf8
            joined.append(contentsOf: bytes)
            lengths.append(bytes.count)
        }
        // Unmanaged: hiredis carries the reply's closure to the C callback, which releases it.
        let box = Unmanaged.passRetained(ReplyBox(reply)).toOpaque()
        let status = joined.withUnsafeBufferPointer { buffer -> Int32 in
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            var offset = 0
            var pointers: [UnsafePointer<CChar>?] = []
            for length in lengths {
                pointers.append((base + offset).assumingMemoryBound(to: CChar.self))
                offset += length
            }
            // hiredis copies the arguments into its output buffer before returning.
            return redisAsyncCommandArgv(context, { _, reply, data in
                let box = Unmanaged<ReplyBox>.fromOpaque(data!).takeRetainedValue()
                box.owner?.pendingReplies -= 1
                if let reply {
                    box.reply(.success(RedisReply(reply.assumingMemoryBound(to: redisReply.self))))
                } else {
                    box.reply(.failure(.connectionLost))
                }
            }, box, Int32(arguments.count), &pointers, lengths)
        }
        if status != REDIS_OK {
            Unmanaged<ReplyBox>.fromOpaque(box).release()
            reply(.failure(.notConnected))
            return
        }
        Unmanaged<ReplyBox>.fromOpaque(box).takeUnretainedValue().owner = self
        pendingReplies += 1
    }

    /// Closes after the replies already asked for. `onDisconnect` runs with nil.
    public func close() {
        guard context != nil, connected else { return }
        guard !insideConnectCallback else {
            let later = LoopTimer(loop: loop!)
            later.start(delay: 0) { [self] in
                later.close()
                close()
            }
            return
        }
        redisAsyncDisconnect(context!)
    }

    /// Drops the connection now, failing every pending reply with `.connectionLost`.
    /// Call it from the loop, outside this connection's own callbacks (a timer, say).
    public func abort() {
        guard let context else { return }
        if connected {
            aborting = true
            redisAsyncFree(context)  // runs the disconnect callback, which releases self
        } else {
            giveUp("aborted")
        }
    }
}

private final class ReplyBox {
    let reply: (Result<RedisReply, RedisError>) -> Void
    weak var owner: RedisConnection?
    init(_ reply: @escaping (Result<RedisReply, RedisError>) -> Void) { self.reply = reply }
}
