import GameCore
import Wire

/// What a game client hears, on the loop thread.
public protocol GameClientDelegate: AnyObject {
    /// Joined (or resumed, or started spectating): the map and the client's identity.
    func gameClient(_ client: GameClient, didJoin welcome: Welcome)
    /// A snapshot was applied; `client.world` holds the new state.
    func gameClient(_ client: GameClient, didApplySnapshot header: SnapshotInfo)
    /// The room's players, on every `roster` message; `client.roster` holds them too.
    func gameClient(_ client: GameClient, didReceiveRoster roster: [RosterEntry])
    /// The answer to `listRooms()` (or to spectating with an empty room).
    func gameClient(_ client: GameClient, didReceiveRooms rooms: [RoomInfo])
    /// An error message from the server (the connection may stay open; see the code).
    func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String)
    /// A replay room's playback changed (or its periodic status arrived).
    func gameClient(_ client: GameClient, didReceiveReplayStatus status: ReplayStatus)
    /// The connection is gone (or never opened); `reason` says why. Last call.
    func gameClient(_ client: GameClient, didDisconnect reason: String)
}

extension GameClientDelegate {
    /// Does nothing: implement only the calls you need.
    public func gameClient(_ client: GameClient, didJoin welcome: Welcome) {}
    /// Does nothing by default.
    public func gameClient(_ client: GameClient, didApplySnapshot header: SnapshotInfo) {}
    /// Does nothing by default.
    public func gameClient(_ client: GameClient, didReceiveRoster roster: [RosterEntry]) {}
    /// Does nothing by default.
    public func gameClient(_ client: GameClient, didReceiveRooms rooms: [RoomInfo]) {}
    /// Does nothing by default.
    public func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String) {}
    /// Does nothing by default.
    public func gameClient(_ client: GameClient, didReceiveReplayStatus status: ReplayStatus) {}
    /// Does nothing by default.
    public func gameClient(_ client: GameClient, didDisconnect reason: String) {}
}

/// The header of an applied snapshot, with its size on the wire.
public struct SnapshotInfo: Sendable, Equatable {
    /// Tick of the applied state.
    public var tick: UInt32
    /// Tick of the state it was a delta against; 0 for a full snapshot.
    public var baselineTick: UInt32
    /// Sequence of this player's last input the server had applied, for reconciliation.
    public var lastInputSequence: UInt32
    /// Size of the message, kind byte included (WebSocket framing not).
    public var bytes: Int
    /// Whether it was full (no baseline).
    public var isFull: Bool { baselineTick == 0 }
}
