import ArgumentParser
import Auth
import Foundation
import Synchronization

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue a signed player token (JWT) for a server started with --auth-key, for tests and development.",
        discussion: "In production your login service issues tokens with the same claims (see docs/SECURITY.md).")

    @Option(help: "The signing key: the HS256 secret file, or the ES256 or Ed25519 private key in PEM.")
    var key: String

    @Option(help: "The player's stable identity (the token's sub).")
    var sub: String

    @Option(help: "The display name (default: the name the client joins with).")
    var name: String?

    @Option(help: "Seconds the token is valid.")
    var ttl: Double = 3600

    @Option(help: "The audience (the server's --auth-audience).")
    var audience = "tickwire"

    @Option(help: "Room ids the player may join, comma-separated (default: any room).")
    var rooms: String?

    @Flag(help: "Let the holder spectate, as the admin token does.")
    var admin = false

    func validate() throws {
        guard ttl > 0, ttl <= 366 * 86_400 else { throw ValidationError("--ttl must be more than 0 and at most a year of seconds") }
        guard !sub.isEmpty, sub.utf8.count <= ClaimRules.maxSubjectBytes else {
            throw ValidationError("--sub must be 1...\(ClaimRules.maxSubjectBytes) bytes")
        }
    }

    func run() throws {
        let signingKey: AuthKey
        do { signingKey = try AuthKey.load(path: key) } catch { throw ValidationError("--key \(error.description)") }
        let claims = PlayerClaims(subject: sub, name: name, expires: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + ttl).rounded(.down)), audience: [audience],
                                  rooms: rooms.map { $0.split(separator: ",").map(String.init) }, admin: admin ? true : nil)
        print(try Self.sign(claims, with: signingKey))
    }

    /// Signs outside any loop, waiting for jwt-kit's async signer.
    static func sign(_ claims: PlayerClaims, with key: AuthKey) throws -> String {
        let box = SigningResult()
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(TokenIssuer.SignError) {
                box.set(.success(try await TokenIssuer.sign(claims, with: key)))
            } catch {
                box.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        switch box.value {
        case .success(let token): return token
        case .failure(let error): throw ValidationError("\(error)")
        case nil: throw ValidationError("signing did not finish")
        }
    }
}

/// The signed token handed from the signing task to the waiting command.
private final class SigningResult: Sendable {
    private let storage = Mutex<Result<String, TokenIssuer.SignError>?>(nil)
    func set(_ result: Result<String, TokenIssuer.SignError>) { storage.withLock { $0 = result } }
    var value: Result<String, TokenIssuer.SignError>? { storage.withLock { $0 } }
}
