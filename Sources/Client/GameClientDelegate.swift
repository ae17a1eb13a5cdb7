import GameCore
import Wire

/// What a game client hears, on the loop thread.
public protocol GameClientDelegate: AnyObject {
    /// Joined (or resumed, or started spectating): the map and the client's identity.
    func gameClient(_ client: GameClient, didJoin welcome: Welcome)
    /// A snapshot was applied; `client.world` holds the new state.
    func gameClient(_ client: GameClient, didApplySnapshot header: SnapshotInfo)
    func gameClient(_ client: GameClient, didReceiveRoster roster: [RosterEntry])
    func gameClient(_ client: GameClient, didReceiveRooms rooms: [RoomInfo])
    /// An error message from the server (the connection may stay open; see the code).
    func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String)
    /// The connection is gone (or never opened); `reason` says why. Last call.
    func gameClient(_ client: GameClient, didDisconnect reason: String)
}

extension GameClientDelegate {
    public func gameClient(_ client: GameClient, didJoin welcome: Welcome) {}
    public func gameClient(_ client: GameClient, didApplySnapshot header: SnapshotInfo) {}
    public func gameClient(_ client: GameClient, didReceiveRoster roster: [RosterEntry]) {}
    public func gameClient(_ client: GameClient, didReceiveRooms rooms: [RoomInfo]) {}
    public func gameClient(_ client: GameClient, didReceiveError code: ErrorCode, message: String) {}
    public func gameClient(_ client: GameClient, didDisconnect reason: String) {}
}

/// The header of an applied snapshot, with its size on the wire.
public struct SnapshotInfo: Sendable, Equatable {
    public var tick: UInt32
    public var baselineTick: UInt32
    public var lastInputSequence: UInt32
    public var bytes: Int
    public var isFull: Bool { baselineTick == 0 }
}
