/// A key press, as the spectator understands it (the terminal layer decodes raw codes).
public enum Key: Sendable, Equatable {
    case up, down, left, right
    case enter
    case tab
    case resize
    case character(Character)
}
