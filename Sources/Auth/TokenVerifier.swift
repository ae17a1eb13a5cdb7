import Foundation
import JWTKit

/// Checks players' tokens: the signature with the server's key (jwt-kit), then the claims
/// (`ClaimRules`) at the time given.
public final class TokenVerifier: Sendable {
    /// The `aud` every token must name.
    public let audience: String
    public let kind: AuthKey.Kind
    /// jwt-kit's collection is an actor set up asynchronously: the first check waits for it.
    private let keys: Task<JWTKeyCollection, Never>

    /// Longest token accepted, in bytes (it travels inside `join`).
    public static let maxTokenBytes = 2_048

    public init(key: AuthKey, audience: String) {
        keys = Task { await key.collection() }
        kind = key.kind
        self.audience = audience
    }

    public func verify(_ token: String, now: Date) async -> Result<PlayerIdentity, AuthFailure> {
        guard !token.isEmpty else { return .failure(.missing) }
        guard token.utf8.count <= Self.maxTokenBytes else { return .failure(.invalid("longer than \(Self.maxTokenBytes) bytes")) }
        let claims: PlayerClaims
        do {
            claims = try await keys.value.verify(token, as: PlayerClaims.self)
        } catch let error as JWTError {
            return .failure(.invalid(Self.reason(error)))
        } catch {
            return .failure(.invalid("\(error)"))
        }
        return ClaimRules.identity(of: claims, now: now, audience: audience)
    }

    private static func reason(_ error: JWTError) -> String {
        switch error.errorType {
        case .signatureVerificationFailed: return "bad signature"
        case .malformedToken: return "not a well-formed JWT"
        default: return error.reason ?? "\(error.errorType)"
        }
    }
}
