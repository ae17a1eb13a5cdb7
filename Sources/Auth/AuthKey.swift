import Foundation
import JWTKit

/// The key of `--auth-key` (verifying) or `tickwire token --key` (signing), from a file:
/// an HS256 shared secret (the file's bytes, at least 32), or an ES256 (P-256) or Ed25519
/// key in PEM. A private PEM key also verifies.
public struct AuthKey: Sendable {
    public enum Kind: String, Sendable { case hs256 = "HS256", es256 = "ES256", ed25519 = "EdDSA" }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public let kind: Kind
    /// Whether tokens can be signed with it (a secret or a private key).
    public let canSign: Bool
    private let add: @Sendable (JWTKeyCollection) async -> Void

    /// An HS256 secret shorter than this is refused: it could be guessed.
    public static let minSecretBytes = 32

    public static func load(path: String) throws(LoadError) -> AuthKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(path): cannot read the key file")
        }
        return try parse(data, source: path)
    }

    public static func parse(_ data: Data, source: String) throws(LoadError) -> AuthKey {
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("-----BEGIN") else {
            let secret = Array(data.reversed().drop(while: { $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }).reversed())
            guard secret.count >= minSecretBytes else {
                throw LoadError(description: "\(source): an HS256 secret must be at least \(minSecretBytes) bytes (got \(secret.count)), or give a PEM key")
            }
            let key = HMACKey(from: secret)
            return AuthKey(kind: .hs256, canSign: true) { await $0.add(hmac: key, digestAlgorithm: .sha256) }
        }
        let isPrivate = text.contains("PRIVATE KEY-----")
        if isPrivate {
            if let key = try? ES256PrivateKey(pem: text) {
                return AuthKey(kind: .es256, canSign: true) { await $0.add(ecdsa: key) }
            }
            if let key = try? EdDSA.PrivateKey(pem: text) {
                return AuthKey(kind: .ed25519, canSign: true) { await $0.add(eddsa: key) }
            }
        } else {
            if let key = try? ES256PublicKey(pem: text) {
                return AuthKey(kind: .es256, canSign: false) { await $0.add(ecdsa: key) }
            }
            if let key = try? EdDSA.PublicKey(pem: text) {
                return AuthKey(kind: .ed25519, canSign: false) { await $0.add(eddsa: key) }
            }
        }
        throw LoadError(description: "\(source): not an ES256 (P-256) or Ed25519 \(isPrivate ? "private" : "public") key in PEM")
    }

    private init(kind: Kind, canSign: Bool, add: @escaping @Sendable (JWTKeyCollection) async -> Void) {
        self.kind = kind
        self.canSign = canSign
        self.add = add
    }

    /// A key collection holding this key only.
    func collection() async -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        await add(keys)
        return keys
    }
}
