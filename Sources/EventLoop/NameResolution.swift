import CLibUV
#if canImport(Glibc)
import Glibc
#endif

extension SocketAddress {
    /// The address of `host`: parsed at once when numeric, else looked up with
    /// getaddrinfo on libuv's thread pool. An IPv4 address is preferred (a server listening
    /// on 0.0.0.0 does not take IPv6), else the first. `completion` runs on the loop.
    public static func resolve(loop: EventLoop, host: String, port: Int,
                               completion: @escaping (Result<SocketAddress, LoopError>) -> Void) {
        if let numeric = try? SocketAddress(host: host, port: port) {
            completion(.success(numeric))
            return
        }
        guard (0...65535).contains(port), !host.isEmpty else { completion(.failure(LoopError(UV_EINVAL.rawValue))); return }
        let request = UnsafeMutablePointer<uv_getaddrinfo_t>.allocate(capacity: 1)
        // Unmanaged: the request carries its completion to the C callback; released there.
        request.pointee.data = Unmanaged.passRetained(ResolveCompletion(completion)).toOpaque()
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        let status = uv_getaddrinfo(loop.raw, request, { request, status, list in
            let box = Unmanaged<ResolveCompletion>.fromOpaque(request!.pointee.data).takeRetainedValue()
            request!.deallocate()
            defer { if let list { uv_freeaddrinfo(list) } }
            var chosen = list
            var entry = list
            while let current = entry {
                if current.pointee.ai_family == AF_INET { chosen = current; break }
                entry = current.pointee.ai_next
            }
            guard status == 0, let first = chosen, let address = first.pointee.ai_addr else {
                box.completion(.failure(LoopError(status == 0 ? UV_EAI_NONAME.rawValue : status)))
                return
            }
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(first.pointee.ai_addrlen))) }
            box.completion(.success(SocketAddress(storage: storage)))
        }, host, String(port), &hints)
        if status < 0 {
            Unmanaged<ResolveCompletion>.fromOpaque(request.pointee.data).release()
            request.deallocate()
            completion(.failure(LoopError(status)))
        }
    }
}

private final class ResolveCompletion {
    let completion: (Result<SocketAddress, LoopError>) -> Void
    init(_ completion: @escaping (Result<SocketAddress, LoopError>) -> Void) { self.completion = completion }
}
