/// Who a verified token says the player is.
public struct PlayerIdentity: Sendable, Equatable {
    /// The token's `sub`: stable across sessions; one connection per identity.
    public var subject: String
    /// The token's `name`, if it has one.
    public var name: String?
    /// The room ids the player may join; nil for any.
    public var rooms: [String]?
    /// The token lets its holder spectate.
    public var isAdmin: Bool

    public init(subject: String, name: String? = nil, rooms: [String]? = nil, isAdmin: Bool = false) {
        self.subject = subject
        self.name = name
        self.rooms = rooms
        self.isAdmin = isAdmin
    }

    /// Whether the token lets the player into room `id`.
    public func mayJoin(room id: String) -> Bool { rooms?.contains(id) ?? true }
}
