import Auth
import EventLoop
import Foundation
import TestThreads
import Testing
import Wire
@testable import Server

/// Players with signed tokens (`--auth-key`), over real sockets: each refusal's error
/// code, the identity in rosters, one connection per identity, resume and spectate.
@Suite(.serialized, .ownThread) struct AuthenticationTests {
    static let secret = "a shared secret of at least thirty-two bytes"

    struct KeyFile {
        let path: String
        let key: AuthKey
        init(contents: String) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("tickwire-auth-\(UUID().uuidString)").path
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
            key = try AuthKey.load(path: path)
        }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    func token(_ key: AuthKey, sub: String, name: String? = nil, expiresIn seconds: Double = 600,
               audience: [String] = ["tickwire"], rooms: [String]? = nil, admin: Bool? = nil) async throws -> String {
        try await TokenIssuer.sign(PlayerClaims(subject: sub, name: name, expires: Date().addingTimeInterval(seconds),
                                                audience: audience, rooms: rooms, admin: admin), with: key)
    }

    func join(_ client: TestClient, _ name: String, _ target: JoinTarget = .room("auth"), credential: String) {
        client.send(.join(version: ProtocolVersion.current, name: name, target: target, credential: credential))
    }

    func makeAuthServer(_ keyFile: KeyFile, adminToken: String? = nil) async throws -> (EventLoop, GameServer) {
        try makeServer(verifier: try await TokenVerifier.make(key: keyFile.key, audience: "tickwire")) {
            $0.authKeyFile = keyFile.path
            $0.adminToken = adminToken
        }
    }

    @Test func eachRefusedCredentialGetsItsErrorAndTheConnectionStaysOpen() async throws {
        let keyFile = try KeyFile(contents: Self.secret)
        let otherKey = try KeyFile(contents: String(Self.secret.reversed()))
        defer { keyFile.remove(); otherKey.remove() }
        let cases: [(String, ErrorCode)] = [
            ("", .credentialRequired),
            ("not.a.jwt", .invalidCredential),
            (try await token(otherKey.key, sub: "mallory"), .invalidCredential),
            (try await token(keyFile.key, sub: "late", expiresIn: -5), .credentialExpired),
            (try await token(keyFile.key, sub: "lost", audience: ["another-game"]), .wrongAudience),
            (try await token(keyFile.key, sub: "fenced", rooms: ["elsewhere"]), .roomNotAllowed),
        ]
        let (loop, server) = try await makeAuthServer(keyFile)
        for (credential, expected) in cases {
            let client = TestClient.connect(loop: loop, port: server.port) { join($0, "player", credential: credential) }
            #expect(runUntil(loop) { !client.errors.isEmpty }, "no answer for \(expected)")
            #expect(client.errors.first?.code == expected, "\(client.errors)")
            #expect(client.welcome == nil)
            #expect(client.isOpen, "the connection closed after \(expected)")
            client.connection?.close()
        }
        #expect(server.playerCount == 0)
        #expect(server.counters.credentialsRefused.values.reduce(0, +) == cases.count)
        tearDown(loop, server, [])
    }

    @Test func theFifthRefusedCredentialClosesTheConnection() async throws {
        let keyFile = try KeyFile(contents: Self.secret)
        defer { keyFile.remove() }
        let (loop, server) = try await makeAuthServer(keyFile)
        let client = TestClient.connect(loop: loop, port: server.port)
        #expect(runUntil(loop) { client.isOpen })
        for attempt in 1...Session.maxCredentialFailures {
            join(client, "guess", credential: "not.a.jwt")
            #expect(runUntil(loop) { client.errors.count == attempt })
        }
        #expect(client.errors.last?.code == .tooManyCredentialFailures)
        #expect(runUntil(loop) { client.closed != nil })
        #expect(client.closed?.code == .policyViolation)
        tearDown(loop, server, [])
    }

    @Test func aValidTokenNamesThePlayerAndItsIdentityShowsInTheRoster() async throws {
        let keyFile = try KeyFile(contents: Self.secret)
        defer { keyFile.remove() }
        let (loop, server) = try await makeAuthServer(keyFile)
        let alice = TestClient.connect(loop: loop, port: server.port)
        let bob = TestClient.connect(loop: loop, port: server.port)
        #expect(runUntil(loop) { alice.isOpen && bob.isOpen })
        join(alice, "whatever", credential: try await token(keyFile.key, sub: "user-17", name: "Alice", rooms: ["auth"]))
        join(bob, "Bob", credential: try await token(keyFile.key, sub: "user-42"))
        #expect(runUntil(loop) { alice.roster.count == 2 && bob.roster.count == 2 })
        let entries = Dictionary(uniqueKeysWithValues: alice.roster.map { ($0.identity, $0.name) })
        #expect(entries == ["user-17": "Alice", "user-42": "Bob"])
        #expect(alice.errors.isEmpty && bob.errors.isEmpty)
        tearDown(loop, server, [alice, bob])
    }

    @Test func theSameIdentityJoiningAgainReplacesTheOldConnection() async throws {
        let keyFile = try KeyFile(contents: Self.secret)
        defer { keyFile.remove() }
        let (loop, server) = try await makeAuthServer(keyFile)
        let credential = try await token(keyFile.key, sub: "user-7", name: "Seven")
        let first = TestClient.connect(loop: loop, port: server.port) { join($0, "x", credential: credential) }
        let otherCredential = try await token(keyFile.key, sub: "user-8")
        let other = TestClient.connect(loop: loop, port: server.port) { join($0, "Eight", credential: otherCredential) }
        #expect(runUntil(loop) { first.welcome != nil && other.welcome != nil })
        let second = TestClient.connect(loop: loop, port: server.port) { join($0, "x", credential: credential) }
        #expect(runUntil(loop) { second.welcome != nil && first.closed != nil })
        #expect(first.errors.last?.code == .replaced)
        #expect(first.closed?.code == .policyViolation)
        #expect(server.playerCount == 2)
        #expect(server.counters.identitiesReplaced == 1)
        #expect(runUntil(loop) { Set(other.roster.map(\.identity)) == ["user-7", "user-8"] && other.roster.count == 2 })
        #expect(other.isOpen && other.errors.isEmpty, "a player of another identity was disturbed")
        tearDown(loop, server, [second, other])
    }

    @Test func aResumeNeedsTheSameIdentitysToken() async throws {
        let keyFile = try KeyFile(contents: Self.secret)
        defer { keyFile.remove() }
        let (loop, server) = try makeServer(verifier: try await TokenVerifier.make(key: keyFile.key, audience: "tickwire")) {
            $0.authKeyFile = keyFile.path
            $0.reconnectGraceMilliseconds = 30_000
        }
        let owner = try await token(keyFile.key, sub: "owner")
        let thief = try await token(keyFile.key, sub: "thief")
        let player = TestClient.connect(loop: loop, port: server.port) { join($0, "p", credential: owner) }
        #expect(runUntil(loop) { player.welcome != nil })
        let sessionToken = try #require(player.welcome?.sessionToken)
        player.connection?.abort()  // lost: the seat waits for a resume
        #expect(runUntil(loop) { server.connectionCount == 0 })

        let stolen = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.resume(version: ProtocolVersion.current, token: sessionToken, credential: thief))
        }
        #expect(runUntil(loop) { !stolen.errors.isEmpty })
        #expect(stolen.errors.first?.code == .invalidToken)
        let rightful = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.resume(version: ProtocolVersion.current, token: sessionToken, credential: owner))
        }
        #expect(runUntil(loop) { rightful.welcome != nil })
        #expect(rightful.welcome?.sessionToken == sessionToken)
        tearDown(loop, server, [stolen, rightful])
    }

    @Test func anAdminClaimLetsItsHolderSpectateAndOthersAreRefused() async throws {
        let keyFile = try KeyFile(contents: Self.secret)
        defer { keyFile.remove() }
        let (loop, server) = try await makeAuthServer(keyFile)
        let player = TestClient.connect(loop: loop, port: server.port) { _ in }
        let playerToken = try await token(keyFile.key, sub: "p")
        #expect(runUntil(loop) { player.isOpen })
        join(player, "p", credential: playerToken)
        #expect(runUntil(loop) { player.welcome != nil })
        let adminToken = try await token(keyFile.key, sub: "ops", admin: true)
        let admin = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.spectate(version: ProtocolVersion.current, adminToken: "", room: "auth", credential: adminToken))
        }
        let nosy = TestClient.connect(loop: loop, port: server.port) {
            $0.send(.spectate(version: ProtocolVersion.current, adminToken: "", room: "auth", credential: playerToken))
        }
        #expect(runUntil(loop) { admin.welcome != nil && !nosy.errors.isEmpty })
        #expect(nosy.errors.first?.code == .notAuthorized)
        #expect(runUntil(loop) { admin.roster.map(\.identity) == ["p"] })
        tearDown(loop, server, [player, admin, nosy])
    }
}

/// The claim rules on a fake clock: `exp` is exclusive, `aud` must name the server.
@Suite struct ClaimRuleTests {
    let issued = Date(timeIntervalSince1970: 1_800_000_000)

    func claims(expires: Date?, audience: [String]? = ["tickwire"], sub: String = "u") -> PlayerClaims {
        PlayerClaims(subject: sub, name: "U", expires: expires, audience: audience, rooms: ["r1"], admin: true)
    }

    @Test func aTokenIsValidUntilTheSecondOfItsExpiry() {
        let expires = issued.addingTimeInterval(60)
        let identity = PlayerIdentity(subject: "u", name: "U", rooms: ["r1"], isAdmin: true)
        #expect(ClaimRules.identity(of: claims(expires: expires), now: issued.addingTimeInterval(59.999), audience: "tickwire") == .success(identity))
        #expect(ClaimRules.identity(of: claims(expires: expires), now: expires, audience: "tickwire")
            == .failure(.expired("exp 1800000060 is not after now (1800000060)")))
        #expect(ClaimRules.identity(of: claims(expires: nil), now: issued, audience: "tickwire") == .failure(.expired("the token has no exp")))
        // A signed exp beyond Int's seconds is refused like any other, not a trap.
        #expect(ClaimRules.identity(of: claims(expires: Date(timeIntervalSince1970: -1e30)), now: issued, audience: "tickwire")
            == .failure(.expired("exp -1e+30 is not after now (1800000000)")))
    }

    @Test func theAudienceMustNameTheServer() {
        let expires = issued.addingTimeInterval(60)
        #expect(ClaimRules.identity(of: claims(expires: expires, audience: ["a", "tickwire"]), now: issued, audience: "tickwire").map(\.subject) == .success("u"))
        #expect(ClaimRules.identity(of: claims(expires: expires, audience: ["a"]), now: issued, audience: "tickwire")
            == .failure(.wrongAudience("aud is a; this server is tickwire")))
        #expect(ClaimRules.identity(of: claims(expires: expires, audience: nil), now: issued, audience: "tickwire")
            == .failure(.wrongAudience("aud is none; this server is tickwire")))
    }

    @Test func aSubjectMustBeGivenAndShort() {
        let expires = issued.addingTimeInterval(60)
        #expect(ClaimRules.identity(of: claims(expires: expires, sub: ""), now: issued, audience: "tickwire") == .failure(.invalid("sub must be 1...128 bytes")))
        let long = String(repeating: "x", count: 129)
        #expect(ClaimRules.identity(of: claims(expires: expires, sub: long), now: issued, audience: "tickwire") == .failure(.invalid("sub must be 1...128 bytes")))
    }
}
