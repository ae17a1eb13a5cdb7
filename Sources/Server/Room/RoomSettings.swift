/// The part of the server configuration a room runs by.
struct RoomSettings {
    var tickRate: Int
    var snapshotRate: Int
    var capacity: Int
    /// Outbound bytes queued for a client past which its snapshots are skipped.
    var sendSoftLimit: Int
    /// Past this the client is disconnected.
    var sendHardLimit: Int
    /// Past this long continuously over the soft limit, the client is disconnected.
    var sendStallTimeout: UInt64 = 5_000
}
