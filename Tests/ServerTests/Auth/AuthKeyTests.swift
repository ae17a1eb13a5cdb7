import Auth
import Foundation
import Testing

/// Key files that cannot be used are refused with a message naming the file and why.
@Suite struct AuthKeyTests {
    func refusal(_ contents: String) -> String? {
        do {
            _ = try AuthKey.parse(Data(contents.utf8), source: "key.pem")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aShortSecretIsRefused() {
        #expect(refusal("too short\n") == "key.pem: an HS256 secret must be at least 32 bytes (got 9), or give a PEM key")
    }

    @Test func aPEMThatIsNoUsableKeyIsRefused() {
        let garbage = "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n"
        #expect(refusal(garbage) == "key.pem: not an ES256 (P-256) or Ed25519 public key in PEM")
        let privateGarbage = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"
        #expect(refusal(privateGarbage) == "key.pem: not an ES256 (P-256) or Ed25519 private key in PEM")
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: AuthKey.LoadError.self) { try AuthKey.load(path: "/nonexistent/key.pem") }
    }

    @Test func aSecretOf32BytesSignsAndAPublicKeyCannot() async throws {
        let secret = try AuthKey.parse(Data(String(repeating: "s", count: 32).utf8), source: "s")
        #expect(secret.kind == .hs256 && secret.canSign)
        let claims = PlayerClaims(subject: "u", expires: Date().addingTimeInterval(60), audience: ["tickwire"])
        let verifier = try await TokenVerifier.make(key: secret, audience: "tickwire")
        let token = try await TokenIssuer.sign(claims, with: secret)
        #expect(verifier.verify(token, now: Date()).map(\.subject) == .success("u"))
        // An HS256 token offered to a server holding another algorithm's key is refused by name.
        let edPublic = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n"
        let ed = try AuthKey.parse(Data(edPublic.utf8), source: "ed")
        #expect(ed.kind == .ed25519 && !ed.canSign)
        let edVerifier = try await TokenVerifier.make(key: ed, audience: "tickwire")
        #expect(edVerifier.verify(token, now: Date()) == .failure(.invalid("signed with HS256; this server takes EdDSA")))
        await #expect(throws: TokenIssuer.SignError.self) { try await TokenIssuer.sign(claims, with: ed) }
    }
}
