import CLibUV

extension EventLoop {
    /// Runs `work` on libuv's thread pool and then `completion` with its result on the loop:
    /// for CPU-heavy work (parsing a large file) that must not hold the loop up.
    public func runInBackground<Result: Sendable>(_ work: @escaping @Sendable () -> Result,
                                                  completion: @escaping (Result) -> Void) {
        let job = BackgroundJob(work: work, completion: completion)
        let request = UnsafeMutablePointer<uv_work_t>.allocate(capacity: 1)
        // Unmanaged: the request reaches its job through data; retained until the after-work callback.
        request.pointee.data = Unmanaged.passRetained(job).toOpaque()
        let status = uv_queue_work(raw, request, { request in
            Unmanaged<BackgroundTask>.fromOpaque(request!.pointee.data).takeUnretainedValue().run()
        }, { request, _ in
            let job = Unmanaged<BackgroundTask>.fromOpaque(request!.pointee.data).takeRetainedValue()
            request!.deallocate()
            job.finish()
        })
        if status < 0 {  // never queued (the loop is closing): do it here rather than not at all
            Unmanaged<BackgroundTask>.fromOpaque(request.pointee.data).release()
            request.deallocate()
            job.run()
            job.finish()
        }
    }
}

/// What the C callbacks see of a job (they cannot name a generic type).
private class BackgroundTask: @unchecked Sendable {  // handed to one pool thread, then back to the loop, ordered by libuv
    func run() {}
    func finish() {}
}

/// One piece of background work: the thread pool writes `result`, the loop reads it after.
private final class BackgroundJob<Result: Sendable>: BackgroundTask, @unchecked Sendable {  // as above
    private let work: @Sendable () -> Result
    private let completion: (Result) -> Void
    private var result: Result?

    init(work: @escaping @Sendable () -> Result, completion: @escaping (Result) -> Void) {
        self.work = work
        self.completion = completion
    }

    override func run() { result = work() }

    override func finish() {
        if let result { completion(result) }
    }
}
