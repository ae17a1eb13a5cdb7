import Auth
import Foundation
import Wire

extension Session {
    /// Refused credentials one connection may send before it is closed.
    static let maxCredentialFailures = 5

    /// The verified identity behind `credential` when the server authenticates players
    /// (nil on a server that does not); nil after sending the refusal otherwise.
    func authenticate(_ credential: String) -> (ok: Bool, identity: PlayerIdentity?) {
        guard let verifier = server.verifier else { return (true, nil) }
        switch verifier.verify(credential, now: Date()) {
        case .success(let identity):
            server.counters.credentialsAccepted += 1
            return (true, identity)
        case .failure(let failure):
            refuse(failure)
            return (false, nil)
        }
    }

    /// Sends the failure's error; too many close the connection.
    func refuse(_ failure: AuthFailure) {
        let (code, label): (ErrorCode, String) = switch failure {
        case .missing: (.credentialRequired, "missing")
        case .invalid: (.invalidCredential, "invalid")
        case .expired: (.credentialExpired, "expired")
        case .wrongAudience: (.wrongAudience, "audience")
        case .roomNotAllowed: (.roomNotAllowed, "room")
        }
        server.counters.credentialsRefused[label, default: 0] += 1
        credentialFailures += 1
        server.log("refused a credential from \(address): \(failure)")
        if credentialFailures >= Self.maxCredentialFailures {
            sendError(ProtocolError(.tooManyCredentialFailures, "\(credentialFailures) refused credentials; last: \(failure)"))
        } else {
            sendError(ProtocolError(code, failure.description))
        }
    }

    /// The same identity joined from another connection: this one is told and closed, and
    /// its seat (connected or awaiting a resume) is freed for the newcomer.
    func replaceSeat(of identity: String) {
        guard let (room, seat) = server.registry.seat(forIdentity: identity) else { return }
        server.counters.identitiesReplaced += 1
        server.log("identity \(identity) joined again: replacing its connection in room \(room.id)")
        if let old = seat.session, old !== self {
            old.sendError(ProtocolError(.replaced, "\(identity) joined from another connection"))
        }
        room.unseat(seat)
    }
}
