import GameCore

extension ReplayHeader {
    /// The recorded game and level among `games`, refusing a replay they would not play
    /// back exactly: another game version, or a level whose content changed.
    public func resolve(in games: [GameDefinition]) throws(ReplayError) -> (game: GameDefinition, level: GameLevel) {
        guard let game = games.first(where: { $0.name == self.game }) else { throw .unknownGame(self.game) }
        guard game.version == gameVersion else {
            throw .gameVersion(game: game.name, recorded: gameVersion, current: game.version)
        }
        guard let level = game.levels.first(where: { $0.key == self.level }) else {
            throw .unknownLevel(game: game.name, level: self.level)
        }
        guard level.checksum == levelChecksum else { throw .levelChanged(game: game.name, level: level.key) }
        guard game.tickRates.contains(tickRate) else { throw .tickRate(game: game.name, tickRate: tickRate) }
        return (game, level)
    }
}
