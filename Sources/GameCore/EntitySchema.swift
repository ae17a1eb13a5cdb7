/// How one field of an entity kind goes on the wire. The replication encoder is driven by
/// these tables alone (ioquake3's netField_t idea): no hand-written encoder per field.
public struct FieldDescriptor: Sendable, Equatable {
    /// Field name, for tables sent in `welcome`, tools and error messages.
    public let name: String
    /// Width in bits of the absolute (quantized) value when sent whole, 1...32.
    public let bits: Int
    /// Whether the quantized value is signed (two's complement in `bits` bits).
    public let signed: Bool
    /// Low bits dropped before sending: the wire carries `value >> quantizeShift`.
    public let quantizeShift: Int

    /// Traps unless `bits` is 1...32 and `quantizeShift` 0...31 (tables are fixed at build time).
    public init(_ name: String, bits: Int, signed: Bool = false, quantizeShift: Int = 0) {
        precondition((1...32).contains(bits), "field \(name): bits must be 1...32")
        precondition((0..<32).contains(quantizeShift), "field \(name): quantizeShift must be 0...31")
        self.name = name
        self.bits = bits
        self.signed = signed
        self.quantizeShift = quantizeShift
    }
}

/// A field's wire rules without its name: what codecs read for every value. A trivial
/// value (no string), so reading one in a hot loop costs no reference counting.
public struct FieldCodec: Sendable, Equatable {
    public let bits: Int
    public let signed: Bool
    public let quantizeShift: Int

    public init(_ field: FieldDescriptor) {
        bits = field.bits
        signed = field.signed
        quantizeShift = field.quantizeShift
    }
}

/// One kind of entity (player, projectile, pickup, ...) and its fields, ordered from the
/// most often changed to the least, so that change masks stay short.
public struct EntityKind: Sendable, Equatable {
    /// Kind id on the wire; equals the kind's index in `EntitySchema.kinds`.
    public let id: UInt8
    /// Kind name ("player", "projectile"), for tables sent in `welcome` and tools.
    public let name: String
    /// Fields in wire order, most often changed first; at most `WorldState.maxFields`.
    public let fields: [FieldDescriptor]

    /// Traps when `fields` has more than `WorldState.maxFields` entries.
    public init(id: UInt8, name: String, fields: [FieldDescriptor]) {
        precondition(fields.count <= WorldState.maxFields, "kind \(name): at most \(WorldState.maxFields) fields")
        self.id = id
        self.name = name
        self.fields = fields
    }
}

/// Every entity kind a game produces, indexed by kind id (ids are 0..<kinds.count).
public struct EntitySchema: Sendable, Equatable {
    /// The tables behind one reference: a client copies its schema for every snapshot it
    /// decodes, and one retain is cheaper than four.
    private final class Tables: Sendable {
        let kinds: [EntityKind]
        let codecs: [[FieldCodec]]
        let flatCodecs: [FieldCodec]
        let flatCodecStarts: [Int]

        init(kinds: [EntityKind]) {
            self.kinds = kinds
            codecs = kinds.map { $0.fields.map(FieldCodec.init) }
            flatCodecs = codecs.flatMap { $0 }
            flatCodecStarts = codecs.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        }
    }

    private let tables: Tables

    /// Kinds in id order: `kinds[i].id == i`.
    public var kinds: [EntityKind] { tables.kinds }
    /// Each kind's fields as `FieldCodec`s, by kind id: the tables encoders and decoders use.
    public var codecs: [[FieldCodec]] { tables.codecs }
    /// The same tables end to end, kind after kind, and where each kind's start: a decoder
    /// walks them through one pointer instead of retaining an array per entity.
    public var flatCodecs: [FieldCodec] { tables.flatCodecs }
    public var flatCodecStarts: [Int] { tables.flatCodecStarts }

    /// Traps unless the kinds' ids are 0, 1, 2, ... in order.
    public init(kinds: [EntityKind]) {
        precondition(kinds.count <= 255, "a schema has at most 255 entity kinds")
        for (index, kind) in kinds.enumerated() {
            precondition(Int(kind.id) == index, "entity kind ids must be 0..<count in order")
        }
        tables = Tables(kinds: kinds)
    }

    /// Equal when the kinds are: the other tables follow from them.
    public static func == (lhs: EntitySchema, rhs: EntitySchema) -> Bool {
        lhs.tables === rhs.tables || lhs.kinds == rhs.kinds
    }

    /// The most fields any kind has (at least 1): what a `WorldState` for this schema
    /// needs per entity.
    public var maxFieldCount: Int { max(1, kinds.map(\.fields.count).max() ?? 1) }

    /// The kind with this id; nil when the schema has none (e.g. a bad id from the wire).
    public func kind(_ id: UInt8) -> EntityKind? {
        Int(id) < kinds.count ? kinds[Int(id)] : nil
    }
}
