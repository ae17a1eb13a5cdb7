/// What the spectator needs from a terminal; `CursesTerminal` is the real one.
public protocol SpectatorTerminal: AnyObject {
    /// Current size in columns and rows (changes after a resize).
    var size: (width: Int, height: Int) { get }
    func draw(_ grid: CellGrid)
    /// Keys pressed since the last call, without waiting.
    func readKeys() -> [Key]
}
