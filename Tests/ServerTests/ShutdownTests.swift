import EventLoop
import Foundation
import TestThreads
import Testing
import WebSocket
import Wire
@testable import Server

/// Issue 5, "must show" 6: the real `tickwire serve` binary, stopped by a signal, closes
/// every client with 1001 and exits 0.
@Suite(.serialized, .ownThread) struct ShutdownTests {
    /// `.build/debug/tickwire`, built by `swift build` (or `swift build --build-tests`).
    static var binary: String {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/.build/debug/tickwire"
    }

    /// A port nothing listens on right now (bound on port 0, then released).
    static func freePort(_ loop: EventLoop) throws -> Int {
        let listener = try TCPListener(loop: loop, address: try SocketAddress(host: "127.0.0.1", port: 0)) { _ in }
        let port = try #require(listener.localAddress?.port)
        listener.close()
        drain(loop)
        return port
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalClosesEveryClientWith1001AndExitsZero(signal: Int32) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tickwire binary first: swift build")
        let loop = try EventLoop()
        let port = try Self.freePort(loop)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--maps", bundledMapsDirectory,
                             "--log-level", "warning"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Wait for it to listen, then connect a player and a client still in the lobby.
        var player: TestClient?
        var printed = Data()
        for _ in 0..<100 {
            let attempt = TestClient.connect(loop: loop, port: port) { $0.join("player", .room("sig")) }
            runUntil(loop, seconds: 1) { attempt.isOpen || attempt.connectError != nil }
            if attempt.isOpen { player = attempt; break }
            // The child is still starting: wait for its output before the next attempt.
            printed.append(output.fileHandleForReading.availableData)
        }
        let playing = try #require(player, "the server never accepted a connection")
        let lobby = TestClient.connect(loop: loop, port: port) { $0.send(.listRooms) }
        #expect(runUntil(loop) { playing.welcome != nil && !lobby.messages.isEmpty })

        kill(process.processIdentifier, signal)
        #expect(runUntil(loop, seconds: 3) { playing.closed != nil && lobby.closed != nil })
        #expect(playing.closed?.code == .goingAway, "player got \(String(describing: playing.closed))")
        #expect(lobby.closed?.code == .goingAway, "lobby client got \(String(describing: lobby.closed))")
        #expect(runUntil(loop, seconds: 3) { !process.isRunning }, "still running 3 s after the signal")
        if !process.isRunning {
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? output.fileHandleForWriting.close()  // so reading ends at the child's last byte
        printed.append(output.fileHandleForReading.readDataToEndOfFile())
        let text = String(decoding: printed, as: UTF8.self)
        #expect(text.contains("listening on 127.0.0.1:\(port)"), "output: \(text)")
        // Nothing listens any more.
        let late = TestClient.connect(loop: loop, port: port)
        #expect(runUntil(loop) { late.connectError != nil })
    }
}
