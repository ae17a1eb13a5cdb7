import Foundation
import JWTKit

/// Signs player tokens (`tickwire token`, tests).
public enum TokenIssuer {
    public struct SignError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func sign(_ claims: PlayerClaims, with key: AuthKey) async throws(SignError) -> String {
        guard key.canSign else { throw SignError(description: "a public key cannot sign: give the private key or the HS256 secret") }
        do {
            return try await key.collection().sign(claims)
        } catch {
            throw SignError(description: "signing failed: \(error)")
        }
    }
}
