import Auth
import Foundation
import Wire

extension Session {
    /// Refused credentials one connection may send before it is closed (guessing is slow,
    /// and checks cost CPU).
    static let maxCredentialFailures = 5

    /// Checks `credential` when the server authenticates players, then goes on with the
    /// verified identity (nil on a server without authentication). The check runs off the
    /// loop; one at a time per connection.
    func authenticate(_ credential: String, then proceed: @escaping (PlayerIdentity?) -> Void) {
        guard let verifier = server.verifier else { proceed(nil); return }
        guard !verifyingCredential else {
            sendError(ProtocolError(.credentialPending, "a credential is still being checked; wait for its answer"))
            return
        }
        guard !credential.isEmpty else { refuse(.missing); return }
        verifyingCredential = true
        let now = Date()
        connection.stream.loop.runTask({ await verifier.verify(credential, now: now) }) { [self] result in
            verifyingCredential = false
            guard isOpen else { return }
            switch result {
            case .success(let identity):
                server.counters.credentialsAccepted += 1
                proceed(identity)
            case .failure(let failure):
                refuse(failure)
            }
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
