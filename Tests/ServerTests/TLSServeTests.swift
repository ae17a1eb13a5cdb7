import Client
import EventLoop
import Foundation
import TestThreads
import Testing
import TestSupport
import Wire
@testable import Server

/// The real `tickwire serve --tls-cert … --tls-key …`: our Swift client, a Python client
/// (the `websockets` library, written from PROTOCOL.md) and the bots play over wss://, and
/// SIGHUP swaps the certificate for new connections while open ones play on.
@Suite(.serialized, .ownThread) struct TLSServeTests {
    /// A child process whose output goes to a file, watched from the loop.
    final class Child {
        let process = Process()
        let log: String

        init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
            log = FileManager.default.temporaryDirectory.appendingPathComponent("tickwire-child-\(UUID().uuidString).log").path
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        /// Asks it to end with `signal` (nginx stops its workers on SIGTERM), then kills it
        /// if it has not within 5 s.
        func stop(signal: Int32 = SIGKILL) {
            if process.isRunning { kill(process.processIdentifier, signal) }
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(atPath: log)
        }
    }

    /// Runs a child to its end while the loop keeps serving (our own client must answer
    /// heartbeats meanwhile); its exit status and output.
    func finish(_ loop: EventLoop, _ executable: String, _ arguments: [String], environment: [String: String] = [:],
                seconds: Double = 30) throws -> (Int32, String) {
        let child = try Child(executable, arguments, environment: environment)
        defer { child.stop() }
        let ended = runUntil(loop, seconds: seconds) { !child.process.isRunning }
        try #require(ended, "\(arguments.first ?? executable) did not finish in \(seconds) s: \(child.output)")
        return (child.process.terminationStatus, child.output)
    }

    @Test(.timeLimit(.minutes(2)))
    func swiftPythonAndBotClientsPlayOverTLSAndSIGHUPServesTheNewCertificate() throws {
        try #require(FileManager.default.isExecutableFile(atPath: ShutdownTests.binary), "build the tickwire binary first: swift build")
        let certificate = try TestCertificate.make(commonName: "first")
        let firstCA = certificate.directory + "/first-ca.pem"
        try FileManager.default.copyItem(atPath: certificate.certificateFile, toPath: firstCA)
        defer { certificate.remove() }
        let loop = try EventLoop()
        let port = try ShutdownTests.freePort(loop)
        let server = try Child(ShutdownTests.binary, [
            "serve", "--host", "127.0.0.1", "--port", "\(port)", "--maps", bundledMapsDirectory,
            "--tls-cert", certificate.certificateFile, "--tls-key", certificate.keyFile])
        defer { server.stop() }
        #expect(runUntil(loop, seconds: 20) { server.output.contains("listening on") }, "server output: \(server.output)")

        // Our own client, verifying the certificate, plays through the whole test.
        let swift = GameClient(loop: loop)
        swift.connect(host: "127.0.0.1", port: port, role: .player(name: "swift", target: .room("tls")),
                      tls: try TLSContext.client(caFile: firstCA))
        #expect(runUntil(loop) { swift.appliedTick > 0 }, "the Swift client got no snapshot over wss")

        // TLS 1.1, and TLS 1.2 without forward secrecy, are refused by the server (the
        // client's own system-wide minimums are lifted, so the refusal is the server's).
        let refusals = [(["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"], "alert protocol version"),
                        (["-tls1_2", "-cipher", "AES128-SHA:@SECLEVEL=0"], "alert handshake failure")]
        for (old, alert) in refusals {
            let (status, output) = try finish(loop, "/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(port)"] + old,
                                              environment: ["OPENSSL_CONF": "/dev/null"])
            #expect(status != 0 && output.contains(alert), "openssl s_client \(old) was not refused: \(output)")
        }

        let python = ["/usr/bin/python3", repositoryRoot + "/Tests/Clients/tls_player.py", "wss://127.0.0.1:\(port)/"]
        let (pythonStatus, pythonOutput) = try finish(loop, python[0], Array(python.dropFirst()) + ["--ca", firstCA])
        #expect(pythonStatus == 0, "\(pythonOutput)")
        #expect(pythonOutput.contains("20 snapshots over TLS from CN=first"), "\(pythonOutput)")

        let (botStatus, botOutput) = try finish(loop, ShutdownTests.binary, [
            "bot", "--url", "wss://127.0.0.1:\(port)", "--ca", firstCA, "--count", "3", "--room", "tls",
            "--duration", "2", "--json"])
        #expect(botStatus == 0, "\(botOutput)")
        #expect(botOutput.contains("\"connected\" : 3") || botOutput.contains("\"connected\":3"), "\(botOutput)")

        // A renewed certificate in the same files, then SIGHUP.
        try certificate.regenerate(commonName: "second")
        let tickBeforeReload = swift.appliedTick
        kill(server.process.processIdentifier, SIGHUP)
        #expect(runUntil(loop) { server.output.contains("reloaded the TLS certificate") }, "\(server.output)")

        let (newStatus, newOutput) = try finish(loop, python[0], Array(python.dropFirst()) + ["--ca", certificate.certificateFile, "--name", "py2"])
        #expect(newStatus == 0, "\(newOutput)")
        #expect(newOutput.contains("from CN=second"), "\(newOutput)")
        let (oldStatus, oldOutput) = try finish(loop, python[0], Array(python.dropFirst()) + ["--ca", firstCA, "--name", "py3"])
        #expect(oldStatus == 2 && oldOutput.contains("CERTIFICATE_VERIFY_FAILED"), "a new connection still got the old certificate: \(oldOutput)")

        // The connection opened under the old certificate plays on.
        #expect(runUntil(loop) { swift.appliedTick > tickBeforeReload + 30 })
        #expect(swift.isConnected)
        #expect(swift.roster.contains { $0.name == "swift" })
        swift.close()
    }

    /// `tickwire token` issues a player's and an admin's token; the player plays over wss://
    /// under the token's name, and the ncurses spectator watches it over wss:// with the
    /// admin token (no admin token configured on the server).
    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"), .timeLimit(.minutes(2)))
    func theSpectatorWatchesOverTLSWithAnAdminClaim() throws {
        try #require(FileManager.default.isExecutableFile(atPath: ShutdownTests.binary), "build the tickwire binary first: swift build")
        let certificate = try TestCertificate.make(commonName: "watch")
        defer { certificate.remove() }
        let secret = certificate.directory + "/hs256.secret"
        try "a secret for the spectator test, 32 bytes or more".write(toFile: secret, atomically: true, encoding: .utf8)
        let loop = try EventLoop()
        let port = try ShutdownTests.freePort(loop)
        let server = try Child(ShutdownTests.binary, [
            "serve", "--host", "127.0.0.1", "--port", "\(port)", "--maps", bundledMapsDirectory,
            "--tls-cert", certificate.certificateFile, "--tls-key", certificate.keyFile, "--auth-key", secret])
        defer { server.stop() }
        #expect(runUntil(loop, seconds: 20) { server.output.contains("listening on") }, "server output: \(server.output)")

        let (playerStatus, playerToken) = try finish(loop, ShutdownTests.binary, ["token", "--key", secret, "--sub", "player-9", "--name", "Pat"])
        let (adminStatus, adminToken) = try finish(loop, ShutdownTests.binary, ["token", "--key", secret, "--sub", "ops", "--admin"])
        try #require(playerStatus == 0 && adminStatus == 0, "tickwire token failed: \(playerToken) \(adminToken)")

        let player = GameClient(loop: loop)
        player.credential = playerToken.trimmingCharacters(in: .whitespacesAndNewlines)
        player.connect(host: "127.0.0.1", port: port, role: .player(name: "ignored", target: .room("watched")),
                       tls: try TLSContext.client(caFile: certificate.certificateFile))
        #expect(runUntil(loop) { player.roster.contains { $0.name == "Pat" && $0.identity == "player-9" } },
                "the player did not join under its token's name: \(player.roster)")

        let shell = try TmuxSession(width: 120, height: 40, command: "sh")
        defer { shell.kill() }
        shell.type("'\(ShutdownTests.binary)' spectate --url wss://127.0.0.1:\(port) --ca '\(certificate.certificateFile)' "
                   + "--token '\(adminToken.trimmingCharacters(in: .whitespacesAndNewlines))' --room watched; echo EXIT=$?", enter: true)
        let watching = waitForScreen(loop, shell) { screen in
            screen.first?.hasPrefix("ROOM watched") == true && screen.contains { $0.contains("Pat") }
        }
        #expect(watching.matched, "the spectator never showed room watched over wss:\n\(watching.screen.joined(separator: "\n"))")
        shell.type("q")
        let exited = waitForScreen(loop, shell) { $0.contains { $0.contains("EXIT=0") } }
        #expect(exited.matched, "spectate did not exit 0 on q:\n\(exited.screen.joined(separator: "\n"))")
        player.close()
    }
}
