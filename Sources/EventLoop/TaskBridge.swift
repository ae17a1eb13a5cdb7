import CLibUV
import Synchronization

extension EventLoop {
    /// Runs `work` as a Swift task, then `completion` with its result on the loop: for
    /// async library calls (verifying a token) that must not hold the loop up. The loop
    /// stays alive while a task is pending.
    public func runTask<Result: Sendable>(_ work: @escaping @Sendable () async -> Result,
                                          completion: @escaping (Result) -> Void) {
        let mailbox = taskMailbox()
        nextTaskID &+= 1
        let id = nextTaskID
        pendingTasks[id] = { completion($0 as! Result) }
        if pendingTasks.count == 1 { uv_ref(asHandle(mailbox.handle.pointer)) }
        Task {
            let result = await work()
            mailbox.post(FinishedTask(id: id, result: result))
        }
    }

    private func taskMailbox() -> TaskMailbox {
        if let mailbox = tasks { return mailbox }
        let mailbox = TaskMailbox(loop: self)
        tasks = mailbox
        return mailbox
    }

    /// Runs the completions of the tasks that have finished (the async handle's callback).
    func deliverFinishedTasks() {
        guard let mailbox = tasks else { return }
        for finished in mailbox.take() {
            pendingTasks.removeValue(forKey: finished.id)?(finished.result)
        }
        if pendingTasks.isEmpty { uv_unref(asHandle(mailbox.handle.pointer)) }
    }
}

/// A task's result on its way back to the loop.
struct FinishedTask: Sendable {
    let id: UInt64
    let result: any Sendable
}

/// Where tasks leave their results: a locked list and a libuv async handle to wake the loop.
final class TaskMailbox: Sendable {
    let handle: SendablePointer
    /// Finished results, and whether the loop has closed (then results are dropped).
    private let state = Mutex<(finished: [FinishedTask], closed: Bool)>(([], false))

    init(loop: EventLoop) {
        let handle = UnsafeMutablePointer<uv_async_t>.allocate(capacity: 1)
        uv_async_init(loop.raw, handle) { async in
            EventLoop.from(async!.pointee.loop).deliverFinishedTasks()
        }
        uv_unref(asHandle(handle))
        self.handle = SendablePointer(handle)
    }

    /// From any thread.
    func post(_ task: FinishedTask) {
        state.withLock { state in
            guard !state.closed else { return }
            state.finished.append(task)
            uv_async_send(handle.pointer)  // under the lock, so never after `close`
        }
    }

    func take() -> [FinishedTask] {
        state.withLock { state in
            defer { state.finished.removeAll() }
            return state.finished
        }
    }

    /// On the loop thread, when the loop goes away.
    func close() {
        state.withLock { $0.closed = true }
        uv_close(asHandle(handle.pointer)) { h in
            UnsafeMutableRawPointer(h!).assumingMemoryBound(to: uv_async_t.self).deallocate()
        }
    }
}
