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
            return .failure(.expired("exp \(epochSeconds(expires)) is not after now (\(epochSeconds(now)))"))
        }
        guard let audiences = claims.aud?.value, audiences.contains(audience) else {
            let named = claims.aud?.value.joined(separator: ", ") ?? "none"
            return .failure(.wrongAudience("aud is \(named); this server is \(audience)"))
        }
        return .success(PlayerIdentity(subject: subject, name: claims.name, rooms: claims.rooms, isAdmin: claims.admin == true))
    }

    /// Whole seconds since 1970; a signed `exp` can be any JSON number, far beyond `Int`.
    private static func epochSeconds(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return Int(exactly: seconds).map(String.init) ?? "\(seconds)"
    }
}
