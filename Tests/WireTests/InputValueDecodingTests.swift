import GameCore
import Testing
import TestSupport
@testable import Wire

/// An input's values are read in one pass over the layout's rules, and field by field when
/// that pass refuses them (to name the field). The two must agree on every input.
@Suite struct InputValueDecodingTests {
    /// A field `InputField` accepts: any size and signedness, a range inside what the size
    /// holds, or (unsigned) a bit mask.
    static func randomField(_ index: Int, _ random: inout SeededGenerator) -> InputField {
        let bytes = [1, 2, 4].randomElement(using: &random)!
        let signed = Bool.random(using: &random)
        let lowest: Int64 = signed ? -(1 << (bytes * 8 - 1)) : 0
        let highest: Int64 = signed ? (1 << (bytes * 8 - 1)) - 1 : min((1 << (bytes * 8)) - 1, Int64(Int32.max))
        if !signed && Bool.random(using: &random) {
            return InputField("f\(index)", bytes: bytes, mask: UInt32(Int64.random(in: 0...highest, using: &random)))
        }
        let a = Int64.random(in: lowest...highest, using: &random), b = Int64.random(in: lowest...highest, using: &random)
        return InputField("f\(index)", bytes: bytes, signed: signed, range: Int32(min(a, b))...Int32(max(a, b)))
    }

    /// Mostly allowed values (a field's bounds, or inside them), some raw bytes of any
    /// value, and now and then an input cut short.
    static func randomInput(_ layout: InputLayout, _ random: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        for rule in layout.rules {
            let value: UInt32
            switch Int.random(in: 0..<4, using: &random) {
            case 0: value = UInt32(bitPattern: rule.lowest)
            case 1: value = UInt32(bitPattern: rule.highest) & ~rule.forbiddenBits
            case 2: value = UInt32(bitPattern: Int32.random(in: rule.lowest...rule.highest, using: &random)) & ~rule.forbiddenBits
            default: value = UInt32.random(in: 0...UInt32.max, using: &random)
            }
            for byte in 0..<rule.bytes { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(byte)))) }
        }
        if Int.random(in: 0..<10, using: &random) == 0 { bytes.removeLast(Int.random(in: 1...bytes.count, using: &random)) }
        return bytes
    }

    @Test func theOnePassAndTheFieldByFieldReadsAgree() {
        var random = SeededGenerator(seed: 2026_12_05)  // the same layouts and inputs on every run
        var read = 0, refused = 0
        for _ in 0..<500 {
            let layout = InputLayout((0..<Int.random(in: 1...PlayerInput.maxFields, using: &random)).map { Self.randomField($0, &random) })
            for _ in 0..<20 {
                let bytes = Self.randomInput(layout, &random) + [0xEE]  // a byte after the values stays unread
                var onePass = ByteReader(bytes), byField = ByteReader(bytes)
                let values = onePass.readAllowedValues(layout)
                let checked = try? PlayerInput.decodeEachValue(&byField, sequence: 0, layout: layout)
                if let values {
                    read += 1
                    #expect(checked?.values == values, "\(layout.fields) \(bytes)")
                    #expect(onePass.offset == layout.valueBytes && byField.offset == layout.valueBytes)
                } else {
                    refused += 1
                    #expect(checked == nil, "\(layout.fields) \(bytes): the field-by-field read took it")
                    #expect(onePass.offset == 0, "a refused input is left unread")
                }
            }
        }
        #expect(read > 2_000 && refused > 2_000, "read \(read), refused \(refused)")
    }

    /// The layout's rules say the same as its fields' constraints.
    @Test func rulesFollowTheFields() {
        let layout = InputLayout([
            InputField("moveX", bytes: 1, signed: true, range: -127...127),
            InputField("aim", bytes: 2, signed: false, range: 0...65535),
            InputField("buttons", bytes: 1, mask: 0x3),
            InputField("wide", bytes: 4, signed: true, range: -5...7),
        ])
        #expect(layout.rules.map(\.bytes) == [1, 2, 1, 4])
        #expect(layout.rules.map(\.signShift) == [24, 0, 0, 0])
        #expect(layout.rules.map(\.lowest) == [-127, 0, 0, -5])
        #expect(layout.rules.map(\.highest) == [127, 65535, .max, 7])
        #expect(layout.rules.map(\.forbiddenBits) == [0, 0, ~UInt32(3), 0])
        #expect(layout.valueBytes == 8)
    }
}
