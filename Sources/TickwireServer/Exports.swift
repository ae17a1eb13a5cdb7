// The server, for running one or more games: `GameServer` on an `EventLoop` you run, or
// `ServerRunner.run` as a whole program; `ServerConfiguration` for every setting.
@_exported import EventLoop
@_exported import GameCore
@_exported import Server
@_exported import Wire
