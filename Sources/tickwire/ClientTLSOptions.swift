import ArgumentParser
import EventLoop

/// `--ca` and `--insecure`: how a client checks a wss:// server.
struct ClientTLSOptions: ParsableArguments {
    @Option(help: "PEM file of the CA certificates a wss:// server's certificate must chain to (default: the system's).")
    var ca: String?

    @Flag(help: "Accept any certificate from a wss:// server (tests against self-signed servers only).")
    var insecure = false

    func validate() throws {
        if ca != nil && insecure { throw ValidationError("--ca and --insecure cannot be used together") }
    }

    /// The client context for a wss:// URL; nil for ws://.
    func context(secure: Bool) throws -> TLSContext? {
        guard secure else { return nil }
        do { return try TLSContext.client(caFile: ca, verifyPeer: !insecure) } catch {
            throw ValidationError("--ca: \(error)")
        }
    }
}
