import EventLoop
import TestThreads
import Testing
import Wire

/// Max-rooms in a cluster, apart from ClusterTests so its seconds of waiting for a room to
/// settle run beside that suite rather than after it.
@Suite(.serialized, .ownThread) struct ClusterRoomEvictionTests {
    /// A node counts only rooms with someone in them against its max-rooms in the directory,
    /// so a room made and left does not keep the directory from opening a new one there: the
    /// node closes the empty room for it.
    @Test(.timeLimit(.minutes(1)))
    func anEmptyRoomMakesWayOnAFullNode() throws {
        let loop = try EventLoop()
        let cluster = try ClusterTests().startCluster(loop, nodes: ["a"], extra: ["--max-rooms", "1"])
        defer { cluster.stop() }
        let node = cluster.nodes[0]
        let hog = TestClient.connect(loop: loop, port: node.port) { $0.join("hog", .room("first")) }
        #expect(runUntil(loop, seconds: 5) { hog.welcome != nil })
        hog.send(.leave)
        // A room emptied within a reservation's life (5 s) stays, in case the directory just
        // sent someone to it, and the directory learns at the node's next refresh (each
        // second) that it is empty: until then a new room is refused with error 13. Each try
        // on a fresh connection, under its own request limit.
        var refusals: [ErrorCode] = []
        var placed: TestClient?
        #expect(eventually(loop, seconds: 15) {
            let attempt = TestClient.connect(loop: loop, port: node.port) { $0.join("player", .room("second")) }
            _ = runUntil(loop, seconds: 2) { attempt.welcome != nil || !attempt.errors.isEmpty }
            if attempt.welcome != nil { placed = attempt } else { attempt.connection?.close() }
            refusals += attempt.errors.map(\.code)
            return placed != nil
        }, "refused: \(refusals)")
        #expect(refusals.allSatisfy { $0 == .tooManyRooms }, "\(refusals)")
        #expect(placed?.welcome?.roomID == "second")
        #expect(runUntil(loop) { node.output.contains("room first disposed (empty, its place taken at max-rooms)") }, "\(node.output)")
        #expect(hog.isOpen)
    }
}
