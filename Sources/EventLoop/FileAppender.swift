import CLibUV

/// Appends bytes to a new file without blocking the loop: libuv's file operations write
/// them in order, one write in flight at a time, while later bytes wait in memory.
/// `close()` writes what is waiting, then closes the file. Loop thread only.
public final class FileAppender {
    public let path: String
    /// Bytes the file holds so far (written and confirmed).
    public private(set) var bytesWritten = 0
    /// The first error (open or write); nothing more is written after one.
    public private(set) var failure: String?
    /// Called once when the file is closed (or could not be opened), with `failure`.
    public var onClosed: ((String?) -> Void)?

    private let loop: EventLoop
    private var descriptor: uv_file = -1
    private var opening = true
    private var waiting: [UInt8] = []
    private var writing = false
    /// Bytes of the write under way not yet confirmed.
    private var inFlight = 0
    private var closing = false
    private var closed = false

    /// Creates `path` (it must not exist) and starts appending to it.
    public init(loop: EventLoop, path: String) {
        self.loop = loop
        self.path = path
        FileOperation.run(on: loop, { loop, request, callback in
            uv_fs_open(loop, request, path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0o644, callback)
        }) { [self] result, _ in
            opening = false
            if result >= 0 { descriptor = uv_file(result) } else { fail("cannot create \(path): \(describeError(result))") }
            settle()
        }
    }

    /// Bytes appended but not yet confirmed written (waiting, or in the write under way).
    public var pendingBytes: Int { waiting.count + inFlight }

    public func append(_ bytes: [UInt8]) {
        guard !closing, failure == nil else { return }
        waiting += bytes
        settle()
    }

    /// Writes what is waiting, then closes; `onClosed` follows. Idempotent.
    public func close() {
        closing = true
        settle()
    }

    /// The next step, whatever just happened: write what waits, or close once asked and idle.
    private func settle() {
        guard !opening, !writing, !closed else { return }
        if descriptor >= 0, failure == nil, !waiting.isEmpty {
            writeWaiting()
        } else if closing {
            closeFile()
        }
    }

    private func writeWaiting() {
        // The bytes must not move while the thread pool writes them: copy them out.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: waiting.count, alignment: 1)
        buffer.copyBytes(from: waiting)
        waiting.removeAll(keepingCapacity: true)
        writing = true
        inFlight = buffer.count
        write(buffer, from: 0)
    }

    private func write(_ buffer: UnsafeMutableRawBufferPointer, from offset: Int) {
        // libuv copies the buffer list itself; only the bytes must outlive the call.
        var slice = uv_buf_init(buffer.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self),
                                UInt32(buffer.count - offset))
        let descriptor = self.descriptor
        FileOperation.run(on: loop, { loop, request, callback in
            uv_fs_write(loop, request, descriptor, &slice, 1, -1, callback)
        }) { [self] result, _ in
            if result >= 0 {
                bytesWritten += result
                inFlight -= result
            }
            if result > 0, offset + result < buffer.count {  // a short write: the rest goes next
                write(buffer, from: offset + result)
                return
            }
            buffer.deallocate()
            writing = false
            inFlight = 0
            if result < 0 { fail("cannot write \(path): \(describeError(result))") }
            settle()
        }
    }

    private func closeFile() {
        closed = true
        let descriptor = self.descriptor
        self.descriptor = -1
        guard descriptor >= 0 else {
            finish()
            return
        }
        FileOperation.run(on: loop, { loop, request, callback in uv_fs_close(loop, request, descriptor, callback) }) { [self] _, _ in
            finish()
        }
    }

    private func finish() {
        onClosed?(failure)
        onClosed = nil
    }

    private func fail(_ message: String) {
        if failure == nil { failure = message }
        waiting.removeAll()
    }
}
