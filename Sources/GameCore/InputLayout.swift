/// One field of a game's input: its name, its size on the wire, and what values it allows.
public struct InputField: Sendable, Equatable {
    /// What a value must satisfy; anything else is refused (error 4).
    public enum Constraint: Sendable, Equatable {
        /// Only values in this closed range.
        case range(ClosedRange<Int32>)
        /// Only these bits may be set (a bit set of buttons).
        case mask(UInt32)
    }

    /// Field name, 1...64 bytes of UTF-8; unique within a layout.
    public let name: String
    /// Bytes on the wire: 1, 2 or 4, little-endian.
    public let bytes: Int
    /// Two's complement when true.
    public let signed: Bool
    /// The values the server accepts for this field.
    public let constraint: Constraint

    /// A numeric field allowing `range`.
    public init(_ name: String, bytes: Int, signed: Bool, range: ClosedRange<Int32>) {
        self.init(name: name, bytes: bytes, signed: signed, constraint: .range(range))
    }

    /// An unsigned bit set allowing only the bits of `mask`.
    public init(_ name: String, bytes: Int, mask: UInt32) {
        self.init(name: name, bytes: bytes, signed: false, constraint: .mask(mask))
    }

    /// Any field; the initialisers above check the same rules. Traps on a field that
    /// cannot be carried (a game's tables are fixed at build time).
    public init(name: String, bytes: Int, signed: Bool, constraint: Constraint) {
        precondition(Self.problem(name: name, bytes: bytes, signed: signed, constraint: constraint) == nil,
                     Self.problem(name: name, bytes: bytes, signed: signed, constraint: constraint) ?? "")
        self.name = name
        self.bytes = bytes
        self.signed = signed
        self.constraint = constraint
    }

    /// Why such a field cannot be carried, if it cannot (used on what a peer sends, too).
    public static func problem(name: String, bytes: Int, signed: Bool, constraint: Constraint) -> String? {
        guard !name.isEmpty, name.utf8.count <= 64 else { return "input field name must be 1...64 bytes" }
        guard [1, 2, 4].contains(bytes) else { return "input field \(name): bytes must be 1, 2 or 4" }
        let lowest: Int64 = signed ? -(1 << (bytes * 8 - 1)) : 0
        let highest: Int64 = signed ? (1 << (bytes * 8 - 1)) - 1 : min((1 << (bytes * 8)) - 1, Int64(Int32.max))
        switch constraint {
        case .range(let range):
            guard Int64(range.lowerBound) >= lowest, Int64(range.upperBound) <= highest else {
                return "input field \(name): range \(range) does not fit \(bytes) \(signed ? "signed" : "unsigned") byte(s)"
            }
        case .mask(let mask):
            guard !signed, Int64(mask) <= highest else { return "input field \(name): mask 0x\(String(mask, radix: 16)) does not fit \(bytes) unsigned byte(s)" }
        }
        return nil
    }

    /// Whether `value` is allowed.
    public func allows(_ value: Int32) -> Bool {
        switch constraint {
        case .range(let range): return range.contains(value)
        case .mask(let mask): return value >= 0 && UInt32(value) & ~mask == 0
        }
    }

    /// The same rule as `allows`, as numbers (for `InputValueRule`): a value is allowed
    /// when it lies in `lowest...highest` and sets none of `forbiddenBits`.
    var bounds: (lowest: Int32, highest: Int32, forbiddenBits: UInt32) {
        switch constraint {
        case .range(let range): return (range.lowerBound, range.upperBound, 0)
        case .mask(let mask): return (0, .max, ~mask)
        }
    }

    /// What is allowed, for error messages and docs ("-127...127", "bits 0x1").
    public var allowedDescription: String {
        switch constraint {
        case .range(let range): return "\(range.lowerBound)...\(range.upperBound)"
        case .mask(let mask): return "bits 0x\(String(mask, radix: 16))"
        }
    }
}

/// One input field as the server's per-message check reads it: its size and its rule as
/// plain numbers, without the name or the constraint's enum (`InputField` has both).
public struct InputValueRule: Sendable, Equatable {
    /// Bytes on the wire: 1, 2 or 4.
    public let bytes: Int
    /// Shifting the zero-extended value left by this, then arithmetically right, extends
    /// its sign (24 or 16 for short signed fields; else 0).
    public let signShift: UInt32
    /// Allowed: `lowest...highest`, with none of `forbiddenBits` set.
    public let lowest: Int32
    public let highest: Int32
    public let forbiddenBits: UInt32

    init(_ field: InputField) {
        bytes = field.bytes
        signShift = field.signed ? UInt32(32 - 8 * field.bytes) : 0
        (lowest, highest, forbiddenBits) = field.bounds
    }
}

/// A game's input: its fields in wire order. Clients learn it from `welcome` and encode
/// inputs by it; the server decodes and validates every input against it.
public struct InputLayout: Sendable, Equatable {
    /// Everything a layout holds, in one object: a copy of the layout (a session keeps its
    /// room's, and reads it for every input) then costs one retain, not one per array.
    @usableFromInline
    final class Storage: Sendable {
        let fields: [InputField]
        @usableFromInline
        let rules: [InputValueRule]
        let valueBytes: Int

        init(_ fields: [InputField]) {
            self.fields = fields
            rules = fields.map(InputValueRule.init)
            valueBytes = fields.reduce(0) { $0 + $1.bytes }
        }
    }

    @usableFromInline
    let storage: Storage

    /// Fields in wire order; `PlayerInput.values[i]` holds field `i`.
    public var fields: [InputField] { storage.fields }
    /// The fields' rules, in the same order.
    public var rules: [InputValueRule] { storage.rules }
    /// Lends the rules' storage (the array, returned by `rules`, would be retained).
    @inlinable
    public func withRules<Result>(_ body: (UnsafeBufferPointer<InputValueRule>) throws -> Result) rethrows -> Result {
        try storage.rules.withUnsafeBufferPointer(body)
    }
    /// Bytes of one input's values on the wire.
    public var valueBytes: Int { storage.valueBytes }

    /// Traps on more than `PlayerInput.maxFields` fields or on duplicate names.
    public init(_ fields: [InputField]) {
        precondition(fields.count <= PlayerInput.maxFields, "an input layout has at most \(PlayerInput.maxFields) fields")
        precondition(Set(fields.map(\.name)).count == fields.count, "input field names must be unique")
        storage = Storage(fields)
    }

    public static func == (left: InputLayout, right: InputLayout) -> Bool { left.fields == right.fields }

    /// The index of the field named `name`, if any.
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
}
