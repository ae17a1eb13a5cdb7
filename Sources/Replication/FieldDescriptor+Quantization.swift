import GameCore

/// What a field's value becomes on the wire and back.
///
/// The wire carries the *quantized* value `q`: `value >> quantizeShift` (arithmetic shift),
/// wrapped to `wireBits` bits (two's complement for signed fields, like Quake 3 writing the
/// low bits). The receiver reconstructs `q << quantizeShift`. Every `q` in `wireRange`
/// survives reconstruct-then-quantize unchanged, which is what lets the server delta
/// against the quantized baseline while the client deltas against its reconstructed copy
/// of it: both see the same `q`, so rounding errors never accumulate.
extension FieldCodec {
    /// Width of the quantized value: `bits`, but never more than the bits an Int32 still has
    /// after the shift (a 32-bit field shifted by 6 can only carry 26).
    @inlinable
    public var wireBits: Int { Swift.min(bits, 32 - quantizeShift) }

    /// Quantized values the wire may carry for this field.
    @inlinable
    public var wireRange: ClosedRange<Int64> {
        let width = Int64(wireBits)
        return signed
            ? -(Int64(1) << (width - 1)) ... (Int64(1) << (width - 1)) - 1
            : 0 ... (Int64(1) << width) - 1
    }

    /// The value the wire carries for `value`. Masking shifts (`&>>`, `&<<`): the field's
    /// shift is 0...31 and its width 1...32 (checked when the table is made), so they
    /// equal the checked ones and cost no branches on this per-field path.
    @inlinable
    public func quantize(_ value: Int32) -> Int64 {
        let shifted = Int64(value &>> Int32(truncatingIfNeeded: quantizeShift))
        let width = Int64(wireBits)
        let wrapped = shifted & ((Int64(1) &<< width) &- 1)
        // Sign-extend from `width` bits for signed fields.
        if signed && wrapped &>> (width &- 1) != 0 { return wrapped &- (Int64(1) &<< width) }
        return wrapped
    }

    /// The value the receiver stores for a quantized value in `wireRange`.
    @inlinable
    public func reconstruct(_ quantized: Int64) -> Int32 {
        Int32(truncatingIfNeeded: quantized &<< Int64(quantizeShift))
    }

    /// `reconstruct(quantize(value))`: what a receiver ends up with for `value`.
    @inlinable
    public func roundTrip(_ value: Int32) -> Int32 {
        reconstruct(quantize(value))
    }
}

/// The same rules on the descriptor (tables, tools, tests); codecs use `FieldCodec`.
extension FieldDescriptor {
    @inlinable public var wireBits: Int { FieldCodec(self).wireBits }
    @inlinable public var wireRange: ClosedRange<Int64> { FieldCodec(self).wireRange }
    @inlinable public func quantize(_ value: Int32) -> Int64 { FieldCodec(self).quantize(value) }
    @inlinable public func reconstruct(_ quantized: Int64) -> Int32 { FieldCodec(self).reconstruct(quantized) }
    @inlinable public func roundTrip(_ value: Int32) -> Int32 { FieldCodec(self).roundTrip(value) }
}
