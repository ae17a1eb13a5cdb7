import GameCore

/// A schema shaped like Arena's: fields ordered by how often they change.
public enum TestSchema {
    public static let player = EntityKind(id: 0, name: "player", fields: [
        FieldDescriptor("x", bits: 17),
        FieldDescriptor("y", bits: 17),
        FieldDescriptor("aim", bits: 16, quantizeShift: 6),
        FieldDescriptor("health", bits: 7),
        FieldDescriptor("score", bits: 16),
        FieldDescriptor("flags", bits: 2),
    ])
    public static let projectile = EntityKind(id: 1, name: "projectile", fields: [
        FieldDescriptor("x", bits: 17),
        FieldDescriptor("y", bits: 17),
        FieldDescriptor("vx", bits: 12, signed: true),
        FieldDescriptor("vy", bits: 12, signed: true),
        FieldDescriptor("owner", bits: 16),
    ])
    public static let pickup = EntityKind(id: 2, name: "pickup", fields: [
        FieldDescriptor("x", bits: 17),
        FieldDescriptor("y", bits: 17),
        FieldDescriptor("active", bits: 1),
    ])
    /// Sixteen fields at the awkward ends of what a descriptor allows.
    public static let extremes = EntityKind(id: 3, name: "extremes", fields: [
        FieldDescriptor("s32", bits: 32, signed: true),
        FieldDescriptor("u32", bits: 32),
        FieldDescriptor("s32q6", bits: 32, signed: true, quantizeShift: 6),
        FieldDescriptor("u32q6", bits: 32, quantizeShift: 6),
        FieldDescriptor("s1", bits: 1, signed: true),
        FieldDescriptor("u1", bits: 1),
        FieldDescriptor("s8q3", bits: 8, signed: true, quantizeShift: 3),
        FieldDescriptor("u8q31", bits: 8, quantizeShift: 31),
        FieldDescriptor("s31q1", bits: 31, signed: true, quantizeShift: 1),
        FieldDescriptor("u16", bits: 16),
        FieldDescriptor("s16", bits: 16, signed: true),
        FieldDescriptor("s24q8", bits: 24, signed: true, quantizeShift: 8),
        FieldDescriptor("u5", bits: 5),
        FieldDescriptor("s5", bits: 5, signed: true),
        FieldDescriptor("u20q2", bits: 20, quantizeShift: 2),
        FieldDescriptor("s2", bits: 2, signed: true),
    ])
    /// A kind with no replicated fields at all.
    public static let marker = EntityKind(id: 4, name: "marker", fields: [])

    public static let schema = EntitySchema(kinds: [player, projectile, pickup, extremes, marker])
}
