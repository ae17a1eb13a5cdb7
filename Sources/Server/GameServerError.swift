import EventLoop

/// Why a game server could not start.
public enum GameServerError: Error, CustomStringConvertible {
    /// The games cannot run together under this configuration (one problem per line).
    case games([String])
    case listen(host: String, port: Int, LoopError)

    public var description: String {
        switch self {
        case .games(let problems): return problems.joined(separator: "\n")
        case .listen(let host, let port, let error): return "cannot listen on \(host):\(port): \(error)"
        }
    }
}
