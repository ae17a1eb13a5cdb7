import GameCore

extension ByteReader {
    /// The values of `layout` when all of them are there and allowed, read and checked in
    /// one pass over its rules (this runs for every input of every player). Otherwise nil,
    /// having read nothing: `PlayerInput.decodeEachValue` then names the field at fault.
    mutating func readAllowedValues(_ layout: InputLayout) -> SIMD8<Int32>? {
        guard remaining >= layout.valueBytes else { return nil }
        var values = SIMD8<Int32>.zero
        let start = position - bytes.startIndex
        // Raw memory throughout: `remaining` covers every field's bytes, a layout has at
        // most 8 fields, and a signed field's shift is 16 or 24, so no check is needed (a
        // lane set through the vector's subscript would go through the stack each time).
        let allowed = bytes.withUnsafeBufferPointer { input in
            layout.withRules { rules in
                withUnsafeMutableBytes(of: &values) { lanes in
                    var at = start
                    for index in rules.indices {
                        let rule = rules[index]
                        var raw = UInt32(input[at])
                        if rule.bytes > 1 {
                            raw |= UInt32(input[at &+ 1]) &<< 8
                            if rule.bytes == 4 { raw |= UInt32(input[at &+ 2]) &<< 16 | UInt32(input[at &+ 3]) &<< 24 }
                        }
                        at &+= rule.bytes
                        let value = Int32(bitPattern: raw &<< rule.signShift) &>> rule.signShift
                        guard value >= rule.lowest, value <= rule.highest,
                              UInt32(bitPattern: value) & rule.forbiddenBits == 0 else { return false }
                        lanes.storeBytes(of: value, toByteOffset: index &* 4, as: Int32.self)
                    }
                    return true
                }
            }
        }
        guard allowed else { return nil }
        position += layout.valueBytes
        return values
    }
}
