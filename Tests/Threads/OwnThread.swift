import Dispatch
import Testing

/// Runs each test of a suite on a thread of its own instead of one of Swift's cooperative
/// threads. Socket tests run an event loop synchronously, so each holds its thread until
/// it ends; on the cooperative pool (as many threads as cores, two here) that lets two
/// tests run at once while every other one waits, though they mostly wait on sockets.
public struct OwnThreadTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }
        await Self.slots.acquire()
        do {
            try await withTaskExecutorPreference(QueueExecutor()) { try await function() }
        } catch {
            await Self.slots.release()
            throw error
        }
        await Self.slots.release()
    }

    /// At most this many tests on their own threads at once: enough to overlap their
    /// waiting, few enough that two cores still meet the tests' deadlines.
    static let slots = Slots(8)
}

extension Trait where Self == OwnThreadTrait {
    /// Each test runs on a thread of its own (see `OwnThreadTrait`).
    public static var ownThread: Self { OwnThreadTrait() }
}

/// A task executor on a serial dispatch queue. When a queue's work blocks its thread,
/// dispatch starts another thread for other queues; the cooperative pool never does.
final class QueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "tickwire.test")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A counting semaphore for tasks: waiting suspends the task rather than block a thread.
actor Slots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
