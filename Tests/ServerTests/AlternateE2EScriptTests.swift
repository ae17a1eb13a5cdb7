import Foundation
import Testing

/// `scripts/alternate-e2e.sh` refuses what it cannot run with a message and exit 1, before
/// it starts any benchmark.
@Suite struct AlternateE2EScriptTests {
    /// The script's exit status and everything it printed.
    private func run(_ arguments: [String]) throws -> (status: Int32, printed: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["scripts/alternate-e2e.sh"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try #require(exited.wait(timeout: .now() + 10) == .success, "the script did not stop")
        return (process.terminationStatus, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test func withoutBinariesItPrintsItsUsage() throws {
        let result = try run([])
        #expect(result.status == 1)
        #expect(result.printed.contains("usage: scripts/alternate-e2e.sh OLD NEW"), "\(result.printed)")
    }

    @Test func aMissingServerBinaryIsNamed() throws {
        let result = try run(["/bin/true", "/nonexistent/tickwire"])
        #expect(result.status == 1)
        #expect(result.printed.contains("error: no server binary at /nonexistent/tickwire"), "\(result.printed)")
    }

    @Test(arguments: [
        (["0"], "rounds must be a whole number from 1, got '0'"),
        (["3", "many"], "clients must be a whole number from 1, got 'many'"),
        (["3", "1000", "-5"], "window must be a whole number from 1, got '-5'"),
    ])
    func aCountThatIsNotAWholeNumberIsRefused(counts: [String], message: String) throws {
        let result = try run(["/bin/true", "/bin/true"] + counts)
        #expect(result.status == 1)
        #expect(result.printed.contains("error: " + message), "\(result.printed)")
    }
}
