import Foundation
import JWTKit

/// The claims of a player's token. The signature is checked by jwt-kit; the claims by
/// `ClaimRules`, at the time the server gives it.
public struct PlayerClaims: JWTPayload, Equatable {
    /// The player's stable identity.
    public var sub: SubjectClaim
    /// The display name; the name in `join` when absent.
    public var name: String?
    /// When the token stops being accepted (required).
    public var exp: ExpirationClaim?
    /// Who the token is for: must include the server's audience (required).
    public var aud: AudienceClaim?
    /// The room ids the player may join; any room when absent.
    public var rooms: [String]?
    /// Lets the holder spectate, as the admin token does.
    public var admin: Bool?

    public init(subject: String, name: String? = nil, expires: Date?, audience: [String]?,
                rooms: [String]? = nil, admin: Bool? = nil) {
        sub = SubjectClaim(value: subject)
        self.name = name
        exp = expires.map { ExpirationClaim(value: $0) }
        aud = audience.map { AudienceClaim(value: $0) }
        self.rooms = rooms
        self.admin = admin
    }

    /// Nothing here: the rules need the server's clock and audience (see `ClaimRules`).
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
