import GameCore

/// What happened in a replay, from re-simulating it: how long it ran, who played when, and
/// each player's score (Arena's `score` is its kills) when they left or at the end.
public struct ReplaySummary: Sendable, Codable, Equatable {
    public struct Player: Sendable, Codable, Equatable {
        public var id: UInt16
        public var name: String
        public var joinedAtSeconds: Double
        public var leftAtSeconds: Double?
        /// The player's replicated `score` field when it left or the replay ended (nil when
        /// the game's player entities have no such field). Arena counts kills in it.
        public var kills: Int?
    }

    public var game: String
    public var gameVersion: String
    public var level: String
    public var room: String
    public var startedAtMilliseconds: UInt64
    public var ticks: UInt32
    public var durationSeconds: Double
    /// "complete", or why the file ends early.
    public var ending: String
    public var players: [Player]
    /// True when every recorded hash matched.
    public var verified: Bool

    /// Plays `player` to the end and sums it up.
    public init(playing player: inout ReplayPlayer, schema: EntitySchema) {
        let header = player.file.header
        let rate = Double(max(1, header.tickRate))
        var players: [Player] = []
        var state = WorldState()
        let scoreField = schema.kinds.first { $0.name == "player" }.flatMap { kind in
            kind.fields.firstIndex { $0.name == "score" }.map { (kind: kind.id, field: $0) }
        }
        func score(of id: PlayerID) -> Int? {
            guard let scoreField else { return nil }
            player.simulation.capture(into: &state)
            guard let entity = state.index(of: id), state.kinds[entity] == scoreField.kind else { return nil }
            return Int(state.value(entity, scoreField.field))
        }
        var seated: [PlayerID: Int] = [:]  // id -> index in players
        // Joins apply before a step: seen after the step of tick t, a player joined at t - 1.
        func noteRoster() {
            let seconds = Double(max(player.tick, 1) - 1) / rate
            for (id, name) in player.roster.sorted(by: { $0.key < $1.key }) where seated[id] == nil {
                seated[id] = players.count
                players.append(Player(id: id, name: name, joinedAtSeconds: seconds))
            }
        }
        noteRoster()
        var scores: [PlayerID: Int] = [:]
        while true {
            let before = player.roster
            for id in before.keys { scores[id] = score(of: id) }
            guard player.step() else { break }
            for (id, index) in seated where player.roster[id] == nil {
                players[index].leftAtSeconds = Double(player.tick - 1) / rate
                players[index].kills = scores[id]
                seated[id] = nil
            }
            noteRoster()
        }
        player.checkTrailer()
        for (id, index) in seated { players[index].kills = score(of: id) }
        game = header.game
        gameVersion = header.gameVersion
        level = header.level
        room = header.roomID
        startedAtMilliseconds = header.startedAtMilliseconds
        ticks = player.tick
        durationSeconds = Double(player.tick) / rate
        ending = player.file.ending.summary
        self.players = players
        verified = player.divergence == nil
    }
}

extension ReplayFile.Ending {
    /// For people: "complete (room closed)", "cut short at byte 123 (...)".
    public var summary: String {
        switch self {
        case .trailer(let trailer): "complete (\(trailer.reason))"
        case .cut(let offset): "cut short at byte \(offset): no trailer (the server stopped or crashed while recording)"
        case let .damaged(offset, reason): "damaged at byte \(offset) (\(reason)); played up to the last good record"
        }
    }
}
