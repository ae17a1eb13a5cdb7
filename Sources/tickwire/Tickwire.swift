import ArgumentParser

@main
struct Tickwire: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickwire",
        abstract: "A multiplayer game session server: rooms, bots, spectators.",
        subcommands: [ServeCommand.self, BotCommand.self, SpectateCommand.self, ReplayCommand.self, EchoCommand.self, TokenCommand.self],
        defaultSubcommand: nil)
}
