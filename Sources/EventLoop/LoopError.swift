import CLibUV

/// A negative libuv status, typed. `name` is libuv's short name (e.g. "ECONNRESET").
public struct LoopError: Error, Equatable, CustomStringConvertible, Sendable {
    public let code: Int32

    public init(_ code: Int32) { self.code = code }

    public var name: String { String(cString: uv_err_name(code)) }
    public var description: String { "\(name): \(String(cString: uv_strerror(code)))" }

    public var isEndOfFile: Bool { code == UV_EOF.rawValue }

    /// Throws when a libuv call returned a negative status.
    @inline(__always)
    static func check(_ status: Int32) throws(LoopError) {
        if status < 0 { throw LoopError(status) }
    }
}
