import CLibUV

/// One libuv file operation in flight (it runs on libuv's thread pool, so the loop never
/// waits for the disk): owns its request and calls `completion` on the loop with the
/// request's result (a descriptor, a byte count, or a negative errno).
final class FileOperation {
    private let request = UnsafeMutablePointer<uv_fs_t>.allocate(capacity: 1)
    private var completion: ((Int, UnsafeMutablePointer<uv_fs_t>) -> Void)?

    private init(_ completion: @escaping (Int, UnsafeMutablePointer<uv_fs_t>) -> Void) {
        self.completion = completion
    }

    deinit { request.deallocate() }

    /// Starts an operation with `start(loop, request, callback)` (one of the `uv_fs_*` calls).
    static func run(on loop: EventLoop,
                    _ start: (UnsafeMutablePointer<uv_loop_t>, UnsafeMutablePointer<uv_fs_t>, uv_fs_cb) -> Int32,
                    completion: @escaping (Int, UnsafeMutablePointer<uv_fs_t>) -> Void) {
        let operation = FileOperation(completion)
        // Unmanaged: the request reaches its operation through data; retained until the callback.
        operation.request.pointee.data = Unmanaged.passRetained(operation).toOpaque()
        let status = start(loop.raw, operation.request) { request in
            Unmanaged<FileOperation>.fromOpaque(request!.pointee.data).takeRetainedValue().finish()
        }
        if status < 0 {  // not started, so no callback will come
            Unmanaged<FileOperation>.fromOpaque(operation.request.pointee.data).release()
            operation.completion?(Int(status), operation.request)
            uv_fs_req_cleanup(operation.request)
        }
    }

    private func finish() {
        completion?(Int(request.pointee.result), request)
        completion = nil
        uv_fs_req_cleanup(request)
    }
}

/// A libuv error code as text ("ENOENT: no such file or directory").
func describeError(_ code: Int) -> String {
    "\(String(cString: uv_err_name(Int32(code)))): \(String(cString: uv_strerror(Int32(code))))"
}
