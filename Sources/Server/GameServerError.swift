import EventLoop

/// Why a game server could not start.
public enum GameServerError: Error, CustomStringConvertible {
    /// The games cannot run together under this configuration (one problem per line).
    case games([String])
    /// `host:port` could not be bound; the `LoopError` says why.
    case listen(host: String, port: Int, LoopError)
    /// The recordings directory cannot be made or read.
    case recordings(directory: String, String)
    /// The TLS certificate or key cannot be used.
    case tls(TLSError)
    /// The auth key file cannot be used.
    case authKey(String)

    /// The problems, one per line, or why listening failed.
    public var description: String {
        switch self {
        case .games(let problems): return problems.joined(separator: "\n")
        case .listen(let host, let port, let error): return "cannot listen on \(host):\(port): \(error)"
        case .recordings(let directory, let problem): return "cannot use \(directory) for recordings: \(problem)"
        case .tls(let error): return "cannot serve TLS: \(error)"
        case .authKey(let problem): return "cannot use the auth key: \(problem)"
        }
    }
}
