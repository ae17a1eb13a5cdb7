import Foundation
import Testing
import TestSupport
@testable import Server

/// Bad configuration of every kind is refused with a message that names the setting.
@Suite struct ConfigurationTests {
    private func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "tickwire-config-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aGoodFileSetsEverySettingItNames() throws {
        let path = try write(#"{"port": 9000, "tick-rate": 30, "snapshot-rate": 10, "heartbeat-interval": 1.5, "admin-token": "s3cret-token", "trusted-proxy": true, "io-uring": false, "read-gather-ms": 0}"#)
        var configuration = ServerConfiguration()
        try ConfigFile.load(path: path, into: &configuration)
        #expect(configuration.port == 9000)
        #expect(configuration.tickRate == 30)
        #expect(configuration.snapshotRate == 10)
        #expect(configuration.heartbeatIntervalMilliseconds == 1500)
        #expect(configuration.adminToken == "s3cret-token")
        #expect(configuration.trustedProxy)
        #expect(!configuration.ioUring)
        #expect(configuration.readGatherMilliseconds == 0)
        #expect(configuration.problems().isEmpty)
    }

    @Test(arguments: [
        (#"{"prot": 9000}"#, "unknown setting \"prot\""),
        (#"{"port": "9000"}"#, "\"port\" must be a whole number"),
        (#"{"trusted-proxy": 1}"#, "\"trusted-proxy\" must be true or false"),
        (#"{"io-uring": "yes"}"#, "\"io-uring\" must be true or false"),
        (#"{"read-gather-ms": 0.5}"#, "\"read-gather-ms\" must be a whole number"),
        (#"{"heartbeat-interval": 1.5, "port": 9000.5}"#, "\"port\" must be a whole number"),
        (#"{"admin-token": 5}"#, "\"admin-token\" must be a string"),
        (#"{"allowed-origins": "https://game.example"}"#, "\"allowed-origins\" must be a list of strings"),
        (#"{"reconnect-grace": -1}"#, "\"reconnect-grace\" must be 0...86400 seconds, got -1.0"),
        (#"{"handshake-timeout": 1e308}"#, "\"handshake-timeout\" must be 0...86400 seconds, got 1e+308"),
        (#"{"allowed-origins": [1]}"#, "\"allowed-origins\" must be a list of strings"),
        (#"{"port": 1e400}"#, "not valid JSON"),
        (#"[1, 2]"#, "not a JSON object"),
        (#"{"port": 90"#, "not valid JSON"),
    ])
    func badFilesNameTheProblem(_ text: String, _ expected: String) throws {
        let path = try write(text)
        var configuration = ServerConfiguration()
        do {
            try ConfigFile.load(path: path, into: &configuration)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.description.hasPrefix(path))
        }
    }

    @Test func aMissingFileIsNamed() {
        var configuration = ServerConfiguration()
        #expect(throws: ConfigFile.LoadError.self) { try ConfigFile.load(path: "/nonexistent/tickwire.json", into: &configuration) }
    }

    @Test func outOfRangeValuesAreEachReported() {
        var configuration = ServerConfiguration()
        configuration.port = 70_000
        configuration.tickRate = 0
        configuration.snapshotRate = 100
        configuration.sendHardLimitBytes = 10
        configuration.readGatherMilliseconds = 51
        let problems = configuration.problems()
        #expect(problems.contains { $0.hasPrefix("port must be") })
        #expect(problems.contains { $0.hasPrefix("tick-rate must be") })
        #expect(problems.contains { $0.hasPrefix("snapshot-rate must be") })
        #expect(problems.contains { $0.hasPrefix("send-hard-limit") })
        #expect(problems.contains { $0 == "read-gather-ms must be 0...50 ms, got 51" })
    }

    /// A deadline pushed out of reach is refused like any other value out of range, from a
    /// file, a flag (below) or code; zero stays allowed where it means "at once".
    @Test func everyDurationIsAtMostADay() throws {
        var configuration = ServerConfiguration()
        let keys = ["empty-room-timeout", "handshake-timeout", "close-timeout", "heartbeat-interval", "idle-timeout",
                    "reconnect-grace", "send-stall-timeout"]
        configuration.emptyRoomTimeoutMilliseconds = 86_400_001
        configuration.handshakeTimeoutMilliseconds = .max
        configuration.closeTimeoutMilliseconds = .max
        configuration.heartbeatIntervalMilliseconds = .max
        configuration.idleTimeoutMilliseconds = .max
        configuration.reconnectGraceMilliseconds = .max
        configuration.sendStallTimeoutMilliseconds = .max
        let problems = configuration.problems()
        #expect(problems.count == keys.count)
        #expect(zip(problems, keys).allSatisfy { $0.hasPrefix("\($1) must be at most 86400 s (a day), got ") }, "\(problems)")
        #expect(problems.first == "empty-room-timeout must be at most 86400 s (a day), got 86400.001 s")
        let day = try write(#"{"handshake-timeout": 86400, "reconnect-grace": 0}"#)
        var bounded = ServerConfiguration()
        try ConfigFile.load(path: day, into: &bounded)
        #expect(bounded.problems().isEmpty)
    }

    /// Flags say the same as the file: a negative number is a number out of range, not a
    /// missing value, and a duration too long names its limit.
    @Test(arguments: [
        (["--port", "-1"], "port must be 0...65535, got -1"),
        (["--handshake-timeout", "1e9"], "--handshake-timeout must be 0...86400 seconds, got 1000000000.0"),
        (["--close-timeout", "inf"], "--close-timeout must be 0...86400 seconds, got inf"),
        (["--reconnect-grace", "-1"], "--reconnect-grace must be 0...86400 seconds, got -1.0"),
        (["--idle-timeout", "nan"], "--idle-timeout must be 0...86400 seconds, got nan"),
    ])
    func badNumericFlagsStopTheStart(_ flags: [String], _ expected: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: ShutdownTests.binary), "build the tickwire binary first: swift build")
        let result = try runToExit(ShutdownTests.binary, ["serve", "--host", "127.0.0.1", "--port", "0", "--maps", bundledMapsDirectory] + flags)
        #expect(result.status == 64)
        #expect(result.printed.contains(expected), "\(result.printed)")
    }

    /// The real `tickwire serve`: a gather time out of range stops the start, naming the
    /// setting, with the usage exit code.
    @Test func aReadGatherFlagOutOfRangeStopsTheStart() throws {
        try #require(FileManager.default.isExecutableFile(atPath: ShutdownTests.binary), "build the tickwire binary first: swift build")
        // A server that started anyway would not stop: the run then throws after 10 s.
        let result = try runToExit(ShutdownTests.binary, ["serve", "--host", "127.0.0.1", "--port", "0", "--maps", bundledMapsDirectory,
                                                          "--read-gather-ms", "51"])
        #expect(result.status == 64)
        #expect(result.printed.contains("read-gather-ms must be 0...50 ms, got 51"), "\(result.printed)")
    }

    @Test func recordingSettingsComeFromTheFileAndAreBounded() throws {
        let path = try write(#"{"record": "recordings", "record-max-file-size": 8192, "record-max-total-size": 65536}"#)
        var configuration = ServerConfiguration()
        try ConfigFile.load(path: path, into: &configuration)
        #expect(configuration.recordDirectory == "recordings")
        #expect(configuration.recordMaxFileBytes == 8192 && configuration.recordMaxTotalBytes == 65536)
        #expect(configuration.problems().isEmpty)
        configuration.recordMaxFileBytes = 100
        #expect(configuration.problems() == ["record-max-file-size must be 4096...1073741824 bytes, got 100"])
        configuration.recordMaxFileBytes = 1 << 40
        configuration.recordMaxTotalBytes = 1 << 41
        #expect(configuration.problems() == ["record-max-file-size must be 4096...1073741824 bytes, got 1099511627776"])
        configuration.recordMaxFileBytes = 8192
        configuration.recordMaxTotalBytes = 4096
        #expect(configuration.problems() == ["record-max-total-size must be record-max-file-size (8192) to 2^50 bytes, got 4096"])
        let empty = try write(#"{"record": ""}"#)
        try ConfigFile.load(path: empty, into: &configuration)
        #expect(configuration.recordDirectory == nil)
    }

    @Test func tlsAndAuthSettingsComeFromTheFileAndAreChecked() throws {
        let path = try write(#"{"tls-cert": "c.pem", "tls-key": "k.pem", "auth-key": "hs.secret", "auth-audience": "mygame"}"#)
        var configuration = ServerConfiguration()
        try ConfigFile.load(path: path, into: &configuration)
        #expect(configuration.tlsCertificateFile == "c.pem" && configuration.tlsKeyFile == "k.pem")
        #expect(configuration.authKeyFile == "hs.secret" && configuration.authAudience == "mygame")
        #expect(configuration.problems().isEmpty)
        configuration.tlsKeyFile = nil
        configuration.authAudience = ""
        #expect(configuration.problems() == ["tls-cert and tls-key go together: give both or neither",
                                             "auth-audience must be 1...256 bytes"])
    }

    @Test func clusterSettingsComeFromTheFileAndAreChecked() throws {
        let path = try write(#"{"redis": "redis://10.0.0.5:6380/1", "node-id": "eu-1", "public-url": "wss://eu-1.game.example/"}"#)
        var configuration = ServerConfiguration()
        try ConfigFile.load(path: path, into: &configuration)
        #expect(configuration.problems().isEmpty)
        let cluster = try #require(configuration.cluster)
        #expect(cluster.redisHost == "10.0.0.5" && cluster.redisPort == 6380 && cluster.redisDatabase == 1)
        #expect(cluster.nodeID == "eu-1" && cluster.publicURL == "wss://eu-1.game.example/")
        // A node id missing, and a value of the wrong type, are named.
        let missing = try write(#"{"redis": "redis://10.0.0.5"}"#)
        var partial = ServerConfiguration()
        try ConfigFile.load(path: missing, into: &partial)
        #expect(partial.problems().first?.hasPrefix("node-id must be") == true, "\(partial.problems())")
        let wrongType = try write(#"{"node-id": 7}"#)
        var typed = ServerConfiguration()
        #expect(throws: ConfigFile.LoadError.self) { try ConfigFile.load(path: wrongType, into: &typed) }
    }
}
