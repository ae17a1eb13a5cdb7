import Foundation
import JWTKit

/// Checks players' tokens on the loop, synchronously: jwt-kit parses the token and its
/// algorithm checks the signature, then `ClaimRules` checks the claims at the time given.
/// (jwt-kit's key collection is an actor; its algorithm is taken out once, in `make`.)
public final class TokenVerifier: Sendable {
    /// The `aud` every token must name.
    public let audience: String
    private let algorithm: any JWTAlgorithm
    private let parser = DefaultJWTParser()

    /// Longest token accepted, in bytes (it travels inside `join`).
    public static let maxTokenBytes = 2_048

    public static func make(key: AuthKey, audience: String) async throws -> TokenVerifier {
        TokenVerifier(algorithm: try await key.collection().getKey(), audience: audience)
    }

    private init(algorithm: any JWTAlgorithm, audience: String) {
        self.algorithm = algorithm
        self.audience = audience
    }

    /// The algorithm tokens must be signed with: HS256, ES256 or EdDSA.
    public var algorithmName: String { algorithm.name }

    public func verify(_ token: String, now: Date) -> Result<PlayerIdentity, AuthFailure> {
        guard !token.isEmpty else { return .failure(.missing) }
        let bytes = Array(token.utf8)
        guard bytes.count <= Self.maxTokenBytes else { return .failure(.invalid("longer than \(Self.maxTokenBytes) bytes")) }
        let parsed: (header: JWTHeader, payload: PlayerClaims, signature: Data)
        do {
            parsed = try parser.parse(bytes, as: PlayerClaims.self)
        } catch {
            return .failure(.invalid("not a well-formed JWT with the player claims"))
        }
        guard parsed.header.alg == algorithm.name else {
            return .failure(.invalid("signed with \(parsed.header.alg ?? "no algorithm"); this server takes \(algorithm.name)"))
        }
        // The signature covers the token up to its second period (header.payload).
        let signed = bytes[..<(bytes.lastIndex(of: UInt8(ascii: ".")) ?? 0)]
        guard (try? algorithm.verify(parsed.signature, signs: signed)) == true else {
            return .failure(.invalid("bad signature"))
        }
        return ClaimRules.identity(of: parsed.payload, now: now, audience: audience)
    }
}
