import Foundation

/// What a program that ran to its end said: its exit status and everything it printed.
public struct ProgramResult: Sendable {
    public let status: Int32
    public let printed: String
}

/// A program that stops on its own gets until `seconds` to do it; it is killed after
/// that and the run throws, so a test waiting on it stays bounded. Its standard output and
/// error are captured together (a few kilobytes: the pipe is read after the exit).
public func runToExit(_ executable: String, _ arguments: [String], in directory: String? = nil,
                      within seconds: Double = 10) throws -> ProgramResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    guard exited.wait(timeout: .now() + seconds) == .success else {
        kill(process.processIdentifier, SIGKILL)
        throw RunToExitTimeout(description: "\(executable) \(arguments.joined(separator: " ")) did not stop within \(seconds) s")
    }
    return ProgramResult(status: process.terminationStatus,
                         printed: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
}

public struct RunToExitTimeout: Error, CustomStringConvertible {
    public let description: String
}
