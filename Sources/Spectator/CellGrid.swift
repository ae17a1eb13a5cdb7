/// A screen's worth of cells, row-major. Writes outside the grid are dropped, so
/// renderers can draw without clipping by hand.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set { if contains(x: x, y: y) { cells[y * width + x] = newValue } }
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// Writes `text` from (x, y) to the right, clipped at `maxWidth` columns (and the grid).
    public mutating func put(_ text: String, x: Int, y: Int, _ color: CellColor = .normal,
                             _ attributes: CellAttributes = [], maxWidth: Int = .max) {
        var column = x
        for character in text {
            guard column - x < maxWidth else { break }
            self[column, y] = Cell(character, color, attributes)
            column += 1
        }
    }

    /// Paints a whole row (e.g. a header bar) with a colour and attributes, then its text.
    public mutating func bar(_ text: String, y: Int, _ color: CellColor, _ attributes: CellAttributes = []) {
        for x in 0..<width { self[x, y] = Cell(" ", color, attributes) }
        put(text, x: 0, y: y, color, attributes, maxWidth: width)
    }

    /// Row `y` as plain text (for tests and logs).
    public func text(row y: Int) -> String {
        guard y >= 0 && y < height else { return "" }
        return String(cells[(y * width)..<((y + 1) * width)].map(\.character))
    }

    /// The whole grid as plain text, one line per row.
    public var text: String {
        (0..<height).map { text(row: $0) }.joined(separator: "\n")
    }
}
