import Foundation

/// A self-signed certificate for 127.0.0.1 and localhost, made with the `openssl` command
/// (installed by `make deps`) in a fresh temporary directory. It is its own CA: a client
/// given `certificateFile` as its CA file trusts it.
public struct TestCertificate: Sendable {
    public let certificateFile: String
    public let keyFile: String
    public let directory: String

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `names`: the subject alternative names, e.g. ["IP:127.0.0.1", "DNS:localhost"].
    public static func make(commonName: String = "tickwire test",
                            names: [String] = ["IP:127.0.0.1", "DNS:localhost"]) throws -> TestCertificate {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tickwire-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificate = TestCertificate(certificateFile: directory + "/cert.pem", keyFile: directory + "/key.pem", directory: directory)
        try certificate.regenerate(commonName: commonName, names: names)
        return certificate
    }

    /// Writes a new key and certificate over the files (a renewed certificate).
    public func regenerate(commonName: String, names: [String] = ["IP:127.0.0.1", "DNS:localhost"]) throws {
        let result = try runToExit("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=\(commonName)",
            "-addext", "subjectAltName=\(names.joined(separator: ","))",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-keyout", keyFile, "-out", certificateFile,
        ])
        guard result.status == 0 else { throw Failure(description: "openssl req failed: \(result.printed)") }
    }

    public func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
