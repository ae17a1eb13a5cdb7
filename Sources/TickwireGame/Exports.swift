// The game-facing API, for writing a game: `Simulation`, `EntitySchema`, `InputLayout`,
// `PlayerInput`, `WorldState`, `GameDefinition` and `GameLevel`.
@_exported import GameCore
