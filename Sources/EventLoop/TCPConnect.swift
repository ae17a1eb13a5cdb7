import CLibUV

extension TCPStream {
    /// Opens a connection; `completion` runs on the loop with the connected stream (not
    /// reading yet) or the error.
    public static func connect(loop: EventLoop, to address: SocketAddress,
                               completion: @escaping (Result<TCPStream, LoopError>) -> Void) {
        let stream: TCPStream
        do { stream = try TCPStream(loop: loop) } catch { completion(.failure(error)); return }
        let request = UnsafeMutablePointer<uv_connect_t>.allocate(capacity: 1)
        // Unmanaged: the request carries its completion to the C callback; released there.
        request.pointee.data = Unmanaged.passRetained(ConnectCompletion(completion)).toOpaque()
        let status = address.withSockaddr { sockaddr in
            uv_tcp_connect(request, stream.handle, sockaddr) { request, status in
                let box = Unmanaged<ConnectCompletion>.fromOpaque(request!.pointee.data).takeRetainedValue()
                let stream = TCPStream.from(UnsafeMutableRawPointer(request!.pointee.handle))
                request!.deallocate()
                if status < 0 {
                    stream.close()
                    box.completion(.failure(LoopError(status)))
                } else {
                    stream.setNoDelay()
                    box.completion(.success(stream))
                }
            }
        }
        if status < 0 {
            Unmanaged<ConnectCompletion>.fromOpaque(request.pointee.data).release()
            request.deallocate()
            stream.close()
            completion(.failure(LoopError(status)))
        }
    }
}

private final class ConnectCompletion {
    let completion: (Result<TCPStream, LoopError>) -> Void
    init(_ completion: @escaping (Result<TCPStream, LoopError>) -> Void) { self.completion = completion }
}
