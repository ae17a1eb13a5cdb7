import Client
import EventLoop
import Foundation
import Testing
import Wire

/// A real `redis-server` on a free loopback port, for the cluster's tests.
final class RedisServer {
    let port: Int
    private var child: TLSServeTests.Child?

    init(_ loop: EventLoop) throws {
        port = try ShutdownTests.freePort(loop)
        try start(loop)
    }

    /// Starts it (again) on the same port, with nothing on disk; true once it accepts.
    @discardableResult
    func start(_ loop: EventLoop) throws -> Bool {
        let started = try TLSServeTests.Child("/usr/bin/redis-server", [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"])
        child = started
        return runUntil(loop, seconds: 10) { started.output.contains("Ready to accept connections") }
    }

    var output: String { child?.output ?? "" }

    /// Kills it (its directory is lost, as in a crash).
    func stop() { child?.stop(signal: SIGKILL) }

    /// Freezes it (SIGSTOP): connections stay open, nothing is answered. `thaw` undoes it.
    func freeze() { if let pid = child?.process.processIdentifier { kill(pid, SIGSTOP) } }
    func thaw() { if let pid = child?.process.processIdentifier { kill(pid, SIGCONT) } }
}

/// One `tickwire serve --redis …` node on a free loopback port.
final class ClusterNode {
    let id: String
    let port: Int
    let child: TLSServeTests.Child
    var url: String { "ws://127.0.0.1:\(port)/" }

    /// `publicURL`: what it tells clients to reconnect to (its own address when nil).
    init(_ loop: EventLoop, id: String, redis: RedisServer, publicURL: String? = nil, extra: [String] = []) throws {
        self.id = id
        let port = try ShutdownTests.freePort(loop)
        self.port = port
        child = try TLSServeTests.Child(ShutdownTests.binary, [
            "serve", "--host", "127.0.0.1", "--port", "\(port)", "--maps", bundledMapsDirectory,
            "--redis", "redis://127.0.0.1:\(redis.port)", "--node-id", id,
            "--public-url", publicURL ?? "ws://127.0.0.1:\(port)/"] + extra)
    }

    /// Waits until it listens and has registered in the directory.
    func ready(_ loop: EventLoop) -> Bool {
        runUntil(loop, seconds: 20) { self.child.output.contains("connected to Redis") }
    }

    var output: String { child.output }
    func stop(signal: Int32 = SIGKILL) { child.stop(signal: signal) }
}

/// `GET path` over a raw TCP connection: the status and body once the server has closed.
func httpGet(_ loop: EventLoop, port: Int, _ path: String) -> (status: Int, body: String)? {
    let client = RawClient.connect(loop: loop, port: port) {
        $0.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    }
    guard runUntil(loop, { client.closed }) else { return nil }
    return (client.statusCode ?? 0, client.body)
}

/// `/rooms` of a node: each room's id and fields.
func listedRooms(_ loop: EventLoop, port: Int) -> [[String: Any]] {
    guard let (status, body) = httpGet(loop, port: port, "/rooms"), status == 200,
          let rooms = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] else { return [] }
    return rooms
}

/// A GameClient that remembers what it heard.
final class ClusterPlayer: GameClientDelegate {
    let client: GameClient
    var welcomes: [Welcome] = []
    var errors: [(ErrorCode, String)] = []
    var disconnects: [String] = []

    init(_ loop: EventLoop) {
        client = GameClient(loop: loop)
        client.delegate = self
    }

    func join(_ node: ClusterNode, name: String, _ target: JoinTarget) {
        client.connect(host: "127.0.0.1", port: node.port, role: .player(name: name, target: target))
    }

    func gameClient(_ client: GameClient, didJoin welcome: Welcome) { welcomes.append(welcome) }
    func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String) { errors.append((code, message)) }
    func gameClient(_ client: GameClient, didDisconnect reason: String) { disconnects.append(reason) }

    var roomID: String? { welcomes.last?.roomID }
    var isPlaying: Bool { client.appliedTick > 0 && client.isConnected }
}

/// Polls a condition that itself runs the loop (an HTTP request, say), which `runUntil`
/// cannot nest: the loop serves everything between polls, for at most `seconds`.
func eventually(_ loop: EventLoop, seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        _ = runUntil(loop, seconds: 0.05) { false }
    }
    return condition()
}
