import Foundation

/// The golden files the JavaScript tests (`web/test/`) read: written by the Swift code they
/// describe, committed, and checked here so they never drift from it. To rewrite them after
/// a deliberate change: `TICKWIRE_WRITE_WEB_FIXTURES=1 swift test --filter WebFixture`.
public enum WebFixture {
    /// `web/test/fixtures/`, found from this file's path.
    public static var directory: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // WebFixture.swift, Support, Tests
        return parts.joined(separator: "/") + "/web/test/fixtures"
    }

    /// nil when `web/test/fixtures/name` holds exactly `contents` (after writing it, when
    /// asked to); otherwise what is wrong, for the test to report.
    public static func check(_ name: String, contents: String) -> String? {
        let path = directory + "/" + name
        if ProcessInfo.processInfo.environment["TICKWIRE_WRITE_WEB_FIXTURES"] == "1" {
            do { try contents.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                return "cannot write \(path): \(error)"
            }
        }
        guard let committed = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "\(path) is missing; write it with TICKWIRE_WRITE_WEB_FIXTURES=1 swift test --filter WebFixture"
        }
        guard committed == contents else {
            return "\(path) differs from what the Swift code writes now; if the change is deliberate, "
                + "rewrite it with TICKWIRE_WRITE_WEB_FIXTURES=1 swift test --filter WebFixture"
        }
        return nil
    }
}
