import GameCore

/// The game's tables in `welcome`: its entity schema and input layout, so a client can
/// decode snapshots and encode inputs for any game with nothing compiled in.
extension EntitySchema {
    /// `kinds:u8`, then per kind `name:string fields:u8`, then per field
    /// `name:string bits:u8 flags:u8 (bit 0 signed) quantizeShift:u8`. Kind ids are 0..<kinds.
    public func encode(into writer: inout ByteWriter) {
        writer.writeUInt8(UInt8(kinds.count))
        for kind in kinds {
            writer.writeString(kind.name)
            writer.writeUInt8(UInt8(kind.fields.count))
            for field in kind.fields {
                writer.writeString(field.name)
                writer.writeUInt8(UInt8(field.bits))
                writer.writeUInt8(field.signed ? 1 : 0)
                writer.writeUInt8(UInt8(field.quantizeShift))
            }
        }
    }

    /// Decodes a schema, checking every rule the initialisers would trap on.
    public static func decode(_ reader: inout ByteReader) throws -> EntitySchema {
        let kindCount = Int(try reader.readUInt8())
        var kinds: [EntityKind] = []
        for id in 0..<kindCount {
            let name = try reader.readString(maxBytes: ProtocolVersion.maxFieldNameBytes)
            let fieldCount = Int(try reader.readUInt8())
            guard fieldCount <= WorldState.maxFields else {
                throw ProtocolError(.valueOutOfRange, "schema: kind \(name) has \(fieldCount) fields (at most \(WorldState.maxFields))")
            }
            var fields: [FieldDescriptor] = []
            for _ in 0..<fieldCount {
                let fieldName = try reader.readString(maxBytes: ProtocolVersion.maxFieldNameBytes)
                let bits = Int(try reader.readUInt8())
                let flags = try reader.readUInt8()
                let shift = Int(try reader.readUInt8())
                guard (1...32).contains(bits), flags & ~1 == 0, shift < 32 else {
                    throw ProtocolError(.valueOutOfRange, "schema: field \(name).\(fieldName): bits \(bits), flags \(flags), shift \(shift)")
                }
                guard !fields.contains(where: { $0.name == fieldName }) else {
                    throw ProtocolError(.valueOutOfRange, "schema: kind \(name) has two fields named \(fieldName)")
                }
                fields.append(FieldDescriptor(fieldName, bits: bits, signed: flags & 1 != 0, quantizeShift: shift))
            }
            kinds.append(EntityKind(id: UInt8(id), name: name, fields: fields))
        }
        return EntitySchema(kinds: kinds)
    }
}

extension InputLayout {
    /// `fields:u8`, then per field `name:string bytes:u8 flags:u8` (bit 0 signed, bit 1 a
    /// mask), then `mask:u32` for a mask, or `min:varint max:varint` for a range.
    public func encode(into writer: inout ByteWriter) {
        writer.writeUInt8(UInt8(fields.count))
        for field in fields {
            writer.writeString(field.name)
            writer.writeUInt8(UInt8(field.bytes))
            switch field.constraint {
            case .range(let range):
                writer.writeUInt8(field.signed ? 1 : 0)
                writer.writeVarInt(Int64(range.lowerBound))
                writer.writeVarInt(Int64(range.upperBound))
            case .mask(let mask):
                writer.writeUInt8(2)
                writer.writeUInt32(mask)
            }
        }
    }

    /// Decodes a layout, checking every rule the initialisers would trap on (as `valueOutOfRange`).
    public static func decode(_ reader: inout ByteReader) throws -> InputLayout {
        let count = Int(try reader.readUInt8())
        guard count <= PlayerInput.maxFields else {
            throw ProtocolError(.valueOutOfRange, "input layout: \(count) fields (at most \(PlayerInput.maxFields))")
        }
        var fields: [InputField] = []
        for _ in 0..<count {
            let name = try reader.readString(maxBytes: ProtocolVersion.maxFieldNameBytes)
            let bytes = Int(try reader.readUInt8())
            let flags = try reader.readUInt8()
            let constraint: InputField.Constraint
            switch flags {
            case 0, 1:
                let low = try reader.readVarInt32()
                let high = try reader.readVarInt32()
                guard low <= high else { throw ProtocolError(.valueOutOfRange, "input field \(name): range \(low)...\(high)") }
                constraint = .range(low...high)
            case 2:
                constraint = .mask(try reader.readUInt32())
            default:
                throw ProtocolError(.valueOutOfRange, "input field \(name): flags \(flags)")
            }
            let signed = flags == 1
            if let problem = InputField.problem(name: name, bytes: bytes, signed: signed, constraint: constraint) {
                throw ProtocolError(.valueOutOfRange, problem)
            }
            guard !fields.contains(where: { $0.name == name }) else {
                throw ProtocolError(.valueOutOfRange, "input field \(name) appears twice")
            }
            fields.append(InputField(name: name, bytes: bytes, signed: signed, constraint: constraint))
        }
        return InputLayout(fields)
    }
}

extension PlayerInput {
    /// The values, field by field, each in its width, little-endian (two's complement when
    /// signed). A value that does not fit is truncated: validate before sending.
    public func encodeValues(into writer: inout ByteWriter, layout: InputLayout) {
        // Fields are read in place: copying each would retain and release its name.
        for index in layout.fields.indices {
            let bits = UInt32(bitPattern: values[index])
            switch layout.fields[index].bytes {
            case 1: writer.writeUInt8(UInt8(truncatingIfNeeded: bits))
            case 2: writer.writeUInt16(UInt16(truncatingIfNeeded: bits))
            default: writer.writeUInt32(bits)
            }
        }
    }

    /// Reads the values of `layout` and checks each against its field (error 4 naming it).
    public static func decodeValues(_ reader: inout ByteReader, sequence: UInt32, layout: InputLayout) throws -> PlayerInput {
        if let values = reader.readAllowedValues(layout) { return PlayerInput(sequence: sequence, values: values) }
        return try decodeEachValue(&reader, sequence: sequence, layout: layout)
    }

    /// `decodeValues` one field at a time: the error names the first field that is short or
    /// not allowed.
    static func decodeEachValue(_ reader: inout ByteReader, sequence: UInt32, layout: InputLayout) throws -> PlayerInput {
        var values = SIMD8<Int32>.zero
        // Through the fields' storage: a copy of a field would retain and release its name.
        try layout.fields.withUnsafeBufferPointer { fields in
            for index in fields.indices {
                let value: Int32
                switch (fields[index].bytes, fields[index].signed) {
                case (1, true): value = Int32(Int8(bitPattern: try reader.readUInt8()))
                case (1, false): value = Int32(try reader.readUInt8())
                case (2, true): value = Int32(Int16(bitPattern: try reader.readUInt16()))
                case (2, false): value = Int32(try reader.readUInt16())
                case (_, true): value = Int32(bitPattern: try reader.readUInt32())
                case (_, false):
                    let raw = try reader.readUInt32()
                    guard raw <= UInt32(Int32.max) else { throw outOfRange(fields[index], got: "\(raw)") }
                    value = Int32(raw)
                }
                guard fields[index].allows(value) else { throw outOfRange(fields[index], got: "\(value)") }
                values[index] = value
            }
        }
        return PlayerInput(sequence: sequence, values: values)
    }

    private static func outOfRange(_ field: InputField, got value: String) -> ProtocolError {
        ProtocolError(.valueOutOfRange, "input: \(field.name) must be \(field.allowedDescription), got \(value)")
    }
}
