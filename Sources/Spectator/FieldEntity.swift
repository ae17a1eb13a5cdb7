import GameCore

/// An entity of any game placed on the drawn field: games other than Arena are drawn from
/// their schema alone, every kind with `x` and `y` fields as a glyph at its position.
public struct FieldEntity: Sendable, Equatable {
    public var id: UInt16
    /// The first letter of its kind's name ("b" for ball).
    public var glyph: Character
    public var column: Int
    public var row: Int

    /// The entities of `world` with position fields, scaled from the level's extent
    /// (`levelWidth` x `levelHeight` position units) to a field of `columns` x `rows` cells.
    public static func place(_ world: WorldState, schema: EntitySchema, levelWidth: Int32, levelHeight: Int32,
                             columns: Int, rows: Int) -> [FieldEntity] {
        let positions = schema.kinds.map { kind in
            (x: kind.fields.firstIndex { $0.name == "x" }, y: kind.fields.firstIndex { $0.name == "y" })
        }
        var placed: [FieldEntity] = []
        for entity in 0..<world.count {
            let kind = Int(world.kinds[entity])
            guard kind < positions.count, let xField = positions[kind].x, let yField = positions[kind].y else { continue }
            let x = Int64(world.value(entity, xField)), y = Int64(world.value(entity, yField))
            let column = Int(x * Int64(columns) / Int64(max(levelWidth, 1)))
            let row = Int(y * Int64(rows) / Int64(max(levelHeight, 1)))
            placed.append(FieldEntity(id: world.ids[entity], glyph: schema.kinds[kind].name.first ?? "?",
                                      column: min(max(column, 0), columns - 1), row: min(max(row, 0), rows - 1)))
        }
        return placed
    }

    /// Cells of a plain field for a level without tiles: 64 columns, rows to keep the
    /// level's proportions on a terminal (cells are about twice as tall as wide).
    public static func plainFieldSize(levelWidth: Int32, levelHeight: Int32) -> (columns: Int, rows: Int) {
        let columns = 64
        let rows = Int(Int64(columns) * Int64(max(levelHeight, 1)) / Int64(max(levelWidth, 1)) / 2)
        return (columns, min(max(rows, 4), 64))
    }
}
