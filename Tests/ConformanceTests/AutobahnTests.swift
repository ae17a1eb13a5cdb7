import Foundation
import TestThreads
import Testing

/// The Autobahn TestSuite (fuzzing client) against `tickwire echo`, over ws:// and over
/// wss:// (a self-signed certificate made by the script): groups 1-7 and 10
/// (framing, pings, reserved bits, opcodes, fragmentation, UTF-8, close handling, and
/// auto-fragmentation). Any outcome other than OK, NON-STRICT or INFORMATIONAL fails.
/// Needs Python 2.7 under pyenv (the machine image has it) and PyPI for the first
/// install into .build-autobahn; `make autobahn` runs every group on a release build.
@Suite(.ownThread) struct AutobahnTests {
    static var repositoryRoot: String {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }

    @Test(.timeLimit(.minutes(10)), arguments: [false, true])
    func groups1To7And10PassAgainstTheEchoServer(overTLS: Bool) throws {
        let root = Self.repositoryRoot
        let binary = ProcessInfo.processInfo.environment["TICKWIRE_BINARY"] ?? root + "/.build/debug/tickwire"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build tickwire first: \(binary) is missing")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root + "/scripts/autobahn.sh", ".build-autobahn", "2.7.18",
                             "1.*,2.*,3.*,4.*,5.*,6.*,7.*,10.*", binary]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = ProcessInfo.processInfo.environment.merging(["AUTOBAHN_TLS": overTLS ? "1" : "0"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        #expect(process.terminationStatus == 0, "Autobahn reported failures:\n\(text)")
        #expect(text.contains("autobahn: ") && text.contains(" 0 failed"))
    }
}
