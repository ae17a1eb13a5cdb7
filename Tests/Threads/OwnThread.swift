import Dispatch
import Testing

/// Runs each test of a suite on a serial dispatch queue of its own instead of Swift's
/// cooperative threads. Socket tests run an event loop synchronously, so each holds its
/// thread until it ends; on the cooperative pool (as many threads as cores, two here) that
/// lets two tests run at once while every other one waits, though they mostly wait on
/// sockets. A dispatch queue whose work blocks gets a thread, and others get theirs.
public struct OwnThreadTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        // The trait applied twice (a suite's and a test's) must not take two slots: eight
        // tests holding one and waiting for another would wait forever.
        if Self.isInside { return try await function() }
        await Self.slots.acquire()
        do {
            try await Self.$isInside.withValue(true) {
                try await withTaskExecutorPreference(QueueExecutor(label: test.name)) { try await function() }
            }
        } catch {
            await Self.slots.release()
            throw error
        }
        await Self.slots.release()
    }

    /// At most this many tests on their own queues at once: enough to overlap their
    /// waiting, few enough that two cores still meet the tests' deadlines. Time spent
    /// waiting for a slot counts against a test's `.timeLimit`.
    static let slots = Slots(8)

    @TaskLocal static var isInside = false
}

extension Trait where Self == OwnThreadTrait {
    /// Each test runs on a serial queue of its own (see `OwnThreadTrait`).
    public static var ownThread: Self { OwnThreadTrait() }
}

/// A task executor on a serial dispatch queue, named after its test for debugging a hang.
final class QueueExecutor: TaskExecutor {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: "tickwire.test." + label) }

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
