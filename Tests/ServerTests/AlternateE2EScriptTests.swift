import Foundation
import Testing
import TestSupport

/// `scripts/alternate-e2e.sh` refuses what it cannot run with a message and exit 1, before
/// it starts any benchmark.
@Suite struct AlternateE2EScriptTests {
    /// The script's exit status and everything it printed.
    private func run(_ arguments: [String]) throws -> ProgramResult {
        try runToExit("/bin/bash", ["scripts/alternate-e2e.sh"] + arguments, in: repositoryRoot)
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
