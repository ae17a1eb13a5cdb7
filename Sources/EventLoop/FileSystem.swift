import CLibUV

/// Whole-file reads and removals through libuv's file operations, for files the server
/// touches while it runs (replays), so the loop never waits for the disk.
extension EventLoop {
    /// Reads the whole file at `path` (at most `limit` bytes, else an error) and calls
    /// `completion` on the loop.
    public func readFile(_ path: String, limit: Int, completion: @escaping (Result<[UInt8], FileError>) -> Void) {
        FileOperation.run(on: self, { loop, request, callback in uv_fs_open(loop, request, path, O_RDONLY, 0, callback) }) {
            [self] result, _ in
            guard result >= 0 else { return completion(.failure(FileError("cannot open \(path): \(describeError(result))"))) }
            let descriptor = uv_file(result)
            FileOperation.run(on: self, { loop, request, callback in uv_fs_fstat(loop, request, descriptor, callback) }) {
                [self] result, request in
                let size = Int(request.pointee.statbuf.st_size)
                guard result >= 0, size <= limit else {
                    let problem = result < 0 ? describeError(result) : "\(size) bytes, over the limit of \(limit)"
                    return closeFile(descriptor) { completion(.failure(FileError("cannot read \(path): \(problem)"))) }
                }
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 1)
                read(descriptor, into: buffer, count: size, from: 0) { [self] outcome in
                    let bytes = outcome.map { Array(UnsafeRawBufferPointer(rebasing: buffer[..<$0])) }
                    buffer.deallocate()
                    closeFile(descriptor) {
                        completion(bytes.mapError { FileError("cannot read \(path): \($0.message)") })
                    }
                }
            }
        }
    }

    /// Deletes the file at `path`; `completion` gets nil or what went wrong.
    public func removeFile(_ path: String, completion: @escaping (FileError?) -> Void = { _ in }) {
        FileOperation.run(on: self, { loop, request, callback in uv_fs_unlink(loop, request, path, callback) }) { result, _ in
            completion(result < 0 ? FileError("cannot remove \(path): \(describeError(result))") : nil)
        }
    }

    /// Reads until `count` bytes are in or the file ends (it may have shrunk meanwhile).
    private func read(_ descriptor: uv_file, into buffer: UnsafeMutableRawBufferPointer, count: Int, from offset: Int,
                      completion: @escaping (Result<Int, FileError>) -> Void) {
        guard offset < count else { return completion(.success(offset)) }
        var slice = uv_buf_init(buffer.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self),
                                UInt32(count - offset))
        FileOperation.run(on: self, { loop, request, callback in
            uv_fs_read(loop, request, descriptor, &slice, 1, Int64(offset), callback)
        }) { [self] result, _ in
            if result < 0 { return completion(.failure(FileError(describeError(result)))) }
            if result == 0 { return completion(.success(offset)) }
            read(descriptor, into: buffer, count: count, from: offset + result, completion: completion)
        }
    }

    private func closeFile(_ descriptor: uv_file, then next: @escaping () -> Void) {
        FileOperation.run(on: self, { loop, request, callback in uv_fs_close(loop, request, descriptor, callback) }) { _, _ in next() }
    }
}

/// A file operation that failed, said for people.
public struct FileError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
