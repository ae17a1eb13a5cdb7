import Auth
import Arena
import EventLoop
import Logging
import Server

/// Runs the loop until `condition` holds (checked every few ms) or `seconds` pass.
/// Returns whether the condition was met.
@discardableResult
func runUntil(_ loop: EventLoop, seconds: Double = 5, _ condition: @escaping () -> Bool) -> Bool {
    if condition() { return true }
    var met = false
    let check = LoopTimer(loop: loop)
    check.start(delay: 2, repeat: 2) {
        if condition() { met = true; loop.stop() }
    }
    let deadline = LoopTimer(loop: loop)
    deadline.start(delay: UInt64(seconds * 1000)) { loop.stop() }
    loop.run()
    check.close()
    deadline.close()
    return met
}

/// Runs the loop without waiting until nothing is pending (close callbacks, queued
/// writes), at most a few iterations: releases what a test closed, with no sleep.
func drain(_ loop: EventLoop) {
    for _ in 0..<8 { loop.runOnce(wait: false) }
}

/// The bundled maps directory, found from this source file's location.
var bundledMapsDirectory: String {
    var path = #filePath
    for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
    return path + "/maps"
}

/// A game server on 127.0.0.1 with an OS-chosen port, on a fresh loop.
func makeServer(verifier: TokenVerifier? = nil, _ adjust: (inout ServerConfiguration) -> Void = { _ in }) throws -> (EventLoop, GameServer) {
    var configuration = ServerConfiguration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.maps = bundledMapsDirectory
    configuration.seed = 42
    adjust(&configuration)
    let loop = try EventLoop()
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let server = try GameServer(loop: loop, configuration: configuration,
                                games: [try ArenaGame.definition(mapsDirectory: configuration.maps)], logger: logger,
                                verifier: verifier)
    return (loop, server)
}

/// Closes everything a test opened and lets the loop release it.
func tearDown(_ loop: EventLoop, _ server: GameServer, _ clients: [TestClient]) {
    for client in clients { client.connection?.abort() }
    server.webSocketServer.closeAll()
    server.closeRooms()
    runUntil(loop, seconds: 2) { server.connectionCount == 0 }
    server.webSocketServer.shutdown()
    drain(loop)
}
