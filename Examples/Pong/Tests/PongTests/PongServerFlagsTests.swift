import Foundation
import Testing

/// `pong-server`'s flags: a bad one gets a message and exit 2, before anything is served.
@Suite struct PongServerFlagsTests {
    static var binary: String { repositoryRoot + "/.build/debug/pong-server" }

    /// Runs pong-server with `arguments`; its exit status and what it wrote. A server that
    /// took the flags and started would not stop: it is killed after 10 s and the test fails.
    /// (The main package's `runToExit` is in its test support, which this package cannot reach.)
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try #require(exited.wait(timeout: .now() + 10) == .success, "pong-server \(arguments) did not stop")
        return (process.terminationStatus, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test(arguments: [
        (["--port"], "--port needs a value"),
        (["--port", "x"], "--port must be 0...65535, not x"),
        (["--port", "70000"], "--port must be 0...65535, not 70000"),
        (["--bogus", "1"], "unknown flag --bogus"),
        (["--levels", "levels", "--help2"], "unknown flag --help2"),
        (["--admin-token", "short"], "admin-token must be at least 8 characters"),
    ])
    func aBadFlagIsRefused(arguments: [String], message: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the Examples package first: make test")
        let (status, output) = try run(arguments)
        #expect(status == 2, "\(output)")
        #expect(output.contains("pong-server: \(message)"), "\(output)")
    }

    @Test func helpPrintsTheFlags() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the Examples package first: make test")
        let (status, output) = try run(["--help"])
        #expect(status == 0)
        #expect(output.hasPrefix("usage: pong-server [--port N]") && output.contains("--web DIR"), "\(output)")
    }
}
