import CHiredis

/// A Redis reply, copied out of hiredis' reply object (which hiredis frees after the callback).
public indirect enum RedisReply: Sendable, Equatable {
    case status(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8])
    case null
    case array([RedisReply])

    init(_ reply: UnsafePointer<redisReply>) {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STATUS:
            self = .status(Self.text(value))
        case REDIS_REPLY_ERROR:
            self = .error(Self.text(value))
        case REDIS_REPLY_INTEGER:
            self = .integer(value.integer)
        case REDIS_REPLY_STRING:
            self = .bulk(value.str.map { Array(UnsafeRawBufferPointer(start: $0, count: value.len)) } ?? [])
        case REDIS_REPLY_ARRAY:
            self = .array((0..<value.elements).map { RedisReply(tw_redis_element(reply, $0)!) })
        default:
            self = .null
        }
    }

    private static func text(_ value: redisReply) -> String {
        guard let str = value.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: str, count: value.len), as: UTF8.self)
    }

    /// A bulk or status reply as text; nil for anything else.
    public var string: String? {
        switch self {
        case .bulk(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .status(let text): return text
        default: return nil
        }
    }

    /// An integer reply, or a bulk string holding a decimal integer.
    public var integer: Int64? {
        switch self {
        case .integer(let value): return value
        case .bulk: return string.flatMap { Int64($0) }
        default: return nil
        }
    }

    /// The elements of an array reply; empty for anything else.
    public var elements: [RedisReply] {
        if case .array(let elements) = self { return elements }
        return []
    }
}

/// Why a Redis connection or command failed.
public enum RedisError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The connection could not be made (the reason from hiredis or the resolver).
    case connectFailed(String)
    /// No connection within the deadline.
    case connectTimedOut
    /// The connection went away before the reply came.
    case connectionLost
    /// The connection is not open.
    case notConnected

    public var description: String {
        switch self {
        case .connectFailed(let reason): return "cannot connect to Redis: \(reason)"
        case .connectTimedOut: return "no connection to Redis within the deadline"
        case .connectionLost: return "the connection to Redis was lost"
        case .notConnected: return "not connected to Redis"
        }
    }
}
