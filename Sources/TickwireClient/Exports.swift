// The Swift client, for any game: `GameClient` learns the game's tables from `welcome`,
// decodes snapshots into a `WorldState` and encodes inputs by the game's layout.
@_exported import Client
@_exported import EventLoop
@_exported import GameCore
@_exported import Wire
