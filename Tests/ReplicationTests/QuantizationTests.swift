import TestSupport
import GameCore
import Replication
import Testing

@Suite struct QuantizationTests {
    @Test func dropsLowBitsWithAnArithmeticShift() {
        let aim = FieldDescriptor("aim", bits: 16, quantizeShift: 6)
        #expect(aim.quantize(127) == 1)
        #expect(aim.roundTrip(127) == 64)
        let signed = FieldDescriptor("v", bits: 8, signed: true, quantizeShift: 3)
        #expect(signed.quantize(-1) == -1) // rounds towards -infinity
        #expect(signed.roundTrip(-1) == -8)
    }

    @Test func wrapsValuesOutsideTheBitRange() {
        let health = FieldDescriptor("health", bits: 7)
        #expect(health.quantize(128) == 0)
        #expect(health.quantize(-1) == 127)
        let signed = FieldDescriptor("s", bits: 4, signed: true)
        #expect(signed.quantize(8) == -8)
        #expect(signed.quantize(-9) == 7)
    }

    @Test func wireBitsNeverExceedWhatTheShiftLeaves() {
        #expect(FieldDescriptor("a", bits: 32, quantizeShift: 6).wireBits == 26)
        #expect(FieldDescriptor("a", bits: 17).wireBits == 17)
        #expect(FieldDescriptor("a", bits: 32).wireRange == 0 ... Int64(UInt32.max))
        #expect(FieldDescriptor("a", bits: 32, signed: true).wireRange == Int64(Int32.min) ... Int64(Int32.max))
    }

    /// What lets server and client agree on the baseline: reconstructing then quantizing
    /// gives back the same wire value, for every wire value, so errors cannot accumulate.
    @Test(arguments: TestSchema.schema.kinds.flatMap(\.fields))
    func quantizeInvertsReconstructOverTheWholeWireRange(field: FieldDescriptor) {
        var rng = SeededGenerator(seed: UInt64(field.bits * 64 + field.quantizeShift))
        let range = field.wireRange
        var samples = [range.lowerBound, range.upperBound, 0, range.lowerBound + 1, range.upperBound - 1]
        for _ in 0..<200 { samples.append(Int64.random(in: range, using: &rng)) }
        for quantized in samples where range.contains(quantized) {
            #expect(field.quantize(field.reconstruct(quantized)) == quantized, "\(field.name) \(quantized)")
        }
        for _ in 0..<200 {
            let value = Int32.random(in: .min ... .max, using: &rng)
            #expect(range.contains(field.quantize(value)))
            #expect(field.roundTrip(field.roundTrip(value)) == field.roundTrip(value))
        }
    }
}
