import EventLoop
import Foundation
import TestThreads
import Testing

/// Files written, read and removed through libuv's thread pool, as replays use them.
@Suite(.ownThread) struct FileTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "tickwire-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func appendedBytesArriveInOrderAndReadBack() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let loop = try EventLoop()
        let path = directory + "/a.bin"
        let appender = FileAppender(loop: loop, path: path)
        var expected: [UInt8] = []
        for round in 0..<50 {
            let chunk = (0..<(round * 97 % 5000)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ round) }
            appender.append(chunk)
            expected += chunk
        }
        var closedWith: String?? = .none
        appender.onClosed = { closedWith = .some($0) }
        appender.close()
        #expect(runBounded(loop))
        #expect(closedWith == .some(nil))
        #expect(appender.bytesWritten == expected.count)
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == expected)

        var read: Result<[UInt8], FileError>?
        loop.readFile(path, limit: 1 << 20) { read = $0 }
        #expect(runBounded(loop))
        #expect(try read?.get() == expected)
        loop.readFile(path, limit: 10) { read = $0 }
        #expect(runBounded(loop))
        #expect(read == .failure(FileError("cannot read \(path): \(expected.count) bytes, over the limit of 10")))
    }

    @Test func anExistingFileIsNotOverwrittenAndMissingOnesAreSaidSo() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let loop = try EventLoop()
        let path = directory + "/taken"
        _ = FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3]))
        let appender = FileAppender(loop: loop, path: path)
        appender.append([9, 9])
        var closedWith: String?
        appender.onClosed = { closedWith = $0 }
        appender.close()
        #expect(runBounded(loop))
        #expect(closedWith == "cannot create \(path): EEXIST: file already exists")
        #expect(FileManager.default.contents(atPath: path) == Data([1, 2, 3]))

        var removal: FileError?? = .none
        loop.removeFile(path) { removal = .some($0) }
        #expect(runBounded(loop))
        #expect(removal == .some(nil) && !FileManager.default.fileExists(atPath: path))
        var read: Result<[UInt8], FileError>?
        loop.readFile(path, limit: 10) { read = $0 }
        #expect(runBounded(loop))
        #expect(read == .failure(FileError("cannot open \(path): ENOENT: no such file or directory")))
    }
}
