import EventLoop
import Testing
import Wire
@testable import Server

/// The directory link's decisions on a fake clock, the cluster settings' checks, and how
/// placement replies from Redis are read.
struct DirectoryRuleTests {
    @Test func connectsAtOnceThenBacksOffDoublingToOneSecond() {
        var link = DirectoryLink()
        #expect(link.poll(now: 0) == .connect)
        #expect(link.poll(now: 1) == .none)  // connecting: no second attempt
        #expect(link.failed(now: 10) == 100)
        #expect(link.poll(now: 109) == .none)
        #expect(link.poll(now: 110) == .connect)
        var delays: [UInt64] = []
        var now: UInt64 = 110
        for _ in 0..<6 {
            let delay = link.failed(now: now)
            delays.append(delay)
            now += delay
            #expect(link.poll(now: now) == .connect)
        }
        #expect(delays == [200, 400, 800, 1_000, 1_000, 1_000])
        let first = link.connected()
        #expect(!first)  // the first time up is not a reconnect
        #expect(link.isUp)
        // Connected but never answered (no Redis on that port, or a frozen one): the backoff
        // goes on growing.
        #expect(link.failed(now: now) == 1_000)
        now += 1_000
        #expect(link.poll(now: now) == .connect)
        _ = link.connected()
        link.answered()
        #expect(link.needsSessions)
        link.sessionsRegistered()
        #expect(!link.needsSessions)
        // Lost: the backoff starts over, and the next connect is a reconnect that re-registers.
        #expect(link.failed(now: 5_000) == 100)
        #expect(!link.isUp)
        #expect(link.poll(now: 5_100) == .connect)
        let again = link.connected()
        #expect(again)
        #expect(link.needsSessions)
        link.close()
        #expect(link.poll(now: 99_999) == .none)
    }

    @Test func clusterSettingsParseTheRedisURL() throws {
        let settings = try ClusterSettings(redisURL: "redis://10.1.2.3:6380/2", nodeID: "node_1", publicURL: "wss://a.example/")
        #expect(settings.redisHost == "10.1.2.3")
        #expect(settings.redisPort == 6380)
        #expect(settings.redisDatabase == 2)
        let plain = try ClusterSettings(redisURL: "redis://cache", nodeID: "a", publicURL: "ws://1.2.3.4:7777/")
        #expect(plain.redisPort == 6379 && plain.redisDatabase == 0)
        let v6 = try ClusterSettings(redisURL: "redis://[::1]:7000", nodeID: "a", publicURL: "ws://x/")
        #expect(v6.redisHost == "::1" && v6.redisPort == 7000)
    }

    @Test(arguments: [
        ("http://cache:6379", "a", "ws://x/", "redis must be redis://"),
        ("redis://cache:0", "a", "ws://x/", "port 1...65535"),
        ("redis://cache:x", "a", "ws://x/", "bad port"),
        ("redis://cache/16", "a", "ws://x/", "0...15"),
        ("redis://cache", "", "ws://x/", "node-id must be"),
        ("redis://cache", "a b", "ws://x/", "node-id must be"),
        ("redis://cache", "seventeen-chars-x", "ws://x/", "node-id must be"),
        ("redis://cache", "a", "http://x/", "public-url must be"),
        ("redis://cache", "a", "", "public-url must be"),
    ])
    func badClusterSettingsAreRefusedClearly(_ redis: String, _ node: String, _ url: String, _ expected: String) {
        var configuration = ServerConfiguration()
        configuration.redisURL = redis
        configuration.nodeID = node
        configuration.publicURL = url
        let problems = configuration.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.contains(expected) == true, "\(problems)")
        #expect(configuration.cluster == nil)
    }

    @Test func nodeIDWithoutRedisIsAProblem() {
        var configuration = ServerConfiguration()
        configuration.nodeID = "a"
        #expect(configuration.problems() == ["node-id and public-url are for a cluster: give redis too"])
    }

    @Test func placementRepliesAreRead() throws {
        func reply(_ fields: [String]) -> RedisReply { .array(fields.map { .bulk(Array($0.utf8)) }) }
        let token = Array(UInt8(0)..<16)
        #expect(try Placement(reply: reply(["local", "duel-1", "arena", "duel", "", "0"]), reservation: token)
                == .here(room: "duel-1", game: "arena", level: "duel"))
        #expect(try Placement(reply: reply(["remote", "duel-1", "arena", "duel", "ws://b:1/", "0"]), reservation: token)
                == .elsewhere(Redirect(url: "ws://b:1/", roomID: "duel-1", reservation: token)))
        #expect(throws: ProtocolError(.roomFull, "room x is full")) { try Placement(reply: reply(["full", "x"]), reservation: token) }
        #expect(throws: ProtocolError.self) { try Placement(reply: reply(["none", "no node"]), reservation: token) }
        #expect(throws: ProtocolError.self) { try Placement(reply: .error("ERR boom"), reservation: token) }
        // A broken or hostile Redis: an empty or oversized room id, a node URL that is not a
        // WebSocket one. Error 60 for the player, and the node logs and counts it.
        let unusable = ProtocolError(.directoryUnavailable, "the directory answered an unusable room id")
        #expect(throws: unusable) { try Placement(reply: reply(["local", "", "arena", "duel", "", "0"]), reservation: token) }
        let long = String(repeating: "r", count: 10_000)
        #expect(throws: unusable) { try Placement(reply: reply(["remote", long, "arena", "duel", "ws://b:1/", "0"]), reservation: token) }
        #expect(throws: ProtocolError(.directoryUnavailable, "the directory answered a node URL that is not ws:// or wss://")) {
            try Placement(reply: reply(["remote", "duel-1", "arena", "duel", "http://b:1/", "0"]), reservation: token)
        }
        #expect(throws: ProtocolError(.directoryUnavailable, "the directory answered something unexpected")) {
            try Placement(reply: .array([.integer(5)]), reservation: token)
        }
    }
}
