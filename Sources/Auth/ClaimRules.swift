import Foundation

/// What a signed token's claims must say, at a given time: a `sub`, an `exp` after now,
/// and an `aud` that names the server. Pure, so the rules are tested on a fake clock.
public enum ClaimRules {
    /// Longest `sub` accepted, in UTF-8 bytes (it goes into every roster).
    public static let maxSubjectBytes = 128

    public static func identity(of claims: PlayerClaims, now: Date, audience: String) -> Result<PlayerIdentity, AuthFailure> {
        let subject = claims.sub.value
        guard !subject.isEmpty, subject.utf8.count <= maxSubjectBytes else {
            return .failure(.invalid("sub must be 1...\(maxSubjectBytes) bytes"))
        }
        guard let expires = claims.exp?.value else { return .failure(.expired("the token has no exp")) }
        guard now < expires else {
            return .failure(.expired("exp \(Int(expires.timeIntervalSince1970)) is not after now (\(Int(now.timeIntervalSince1970)))"))
        }
        guard let audiences = claims.aud?.value, audiences.contains(audience) else {
            let named = claims.aud?.value.joined(separator: ", ") ?? "none"
            return .failure(.wrongAudience("aud is \(named); this server is \(audience)"))
        }
        return .success(PlayerIdentity(subject: subject, name: claims.name, rooms: claims.rooms, isAdmin: claims.admin == true))
    }
}
