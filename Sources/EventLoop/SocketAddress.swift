import CLibUV
#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address and port, parsed with libuv.
public struct SocketAddress: Sendable, CustomStringConvertible {
    var storage = sockaddr_storage()

    /// Parses a numeric IPv4 or IPv6 address (no name lookup); throws EINVAL for anything
    /// else or a port outside 0...65535.
    public init(host: String, port: Int) throws(LoopError) {
        guard (0...65535).contains(port) else { throw LoopError(UV_EINVAL.rawValue) }
        var storage = sockaddr_storage()
        var status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { uv_ip4_addr(host, Int32(port), $0) }
        }
        if status < 0 {
            status = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { uv_ip6_addr(host, Int32(port), $0) }
            }
        }
        try LoopError.check(status)
        self.storage = storage
    }

    init(storage: sockaddr_storage) { self.storage = storage }

    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>) -> R) -> R {
        withUnsafePointer(to: storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
    }

    /// The address without the port, e.g. "127.0.0.1" or "::1".
    public var host: String {
        var text = [CChar](repeating: 0, count: 64)
        withUnsafePointer(to: storage) { pointer in
            if storage.ss_family == sa_family_t(AF_INET6) {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { _ = uv_ip6_name($0, &text, text.count) }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { _ = uv_ip4_name($0, &text, text.count) }
            }
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The port number.
    public var port: Int {
        withUnsafePointer(to: storage) { pointer in
            if storage.ss_family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// "host:port", an IPv6 host in brackets ("[::1]:7777").
    public var description: String {
        storage.ss_family == sa_family_t(AF_INET6) ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension SocketAddress {
    /// Reads a socket's own or peer address with `getsockname`/`getpeername`-shaped calls.
    static func read(_ call: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<Int32>) -> Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call($0, &length) }
        }
        return status == 0 ? SocketAddress(storage: storage) : nil
    }
}
