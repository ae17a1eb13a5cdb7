/// Named colours the renderer uses; the terminal layer maps each to a colour pair.
/// Players cycle through `playerPalette` so neighbours in the roster differ.
public enum CellColor: Int, Sendable, Equatable, CaseIterable {
    case normal
    case wall
    case floor
    case pickup
    case projectile
    case header
    case message
    case warning
    case player1, player2, player3, player4, player5, player6

    public static let playerPalette: [CellColor] = [.player1, .player2, .player3, .player4, .player5, .player6]

    /// The colour of a player, by id (stable across frames and rooms).
    public static func player(_ id: UInt16) -> CellColor {
        playerPalette[Int(id &- 1) % playerPalette.count]
    }
}

/// Text attributes of a cell.
public struct CellAttributes: OptionSet, Sendable, Equatable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let dim = CellAttributes(rawValue: 1 << 1)
    public static let reverse = CellAttributes(rawValue: 1 << 2)
}

/// One character position on screen.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var color: CellColor
    public var attributes: CellAttributes

    public init(_ character: Character, _ color: CellColor = .normal, _ attributes: CellAttributes = []) {
        self.character = character
        self.color = color
        self.attributes = attributes
    }

    public static let blank = Cell(" ")
}
