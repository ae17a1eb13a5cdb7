import PropertyBased
import Testing
import Wire

@Suite struct ZigZagTests {
    @Test func mapsSmallMagnitudesToSmallNumbers() {
        #expect([0, -1, 1, -2, 2].map { ZigZag.encode(Int32($0)) } == [0, 1, 2, 3, 4])
        #expect(ZigZag.encode(Int32.max) == UInt32.max - 1)
        #expect(ZigZag.encode(Int32.min) == UInt32.max)
        #expect(ZigZag.encode(Int64.max) == UInt64.max - 1)
        #expect(ZigZag.encode(Int64.min) == UInt64.max)
    }

    @Test func roundTripsInt32() async {
        for edge: Int32 in [0, 1, -1, .max, .min, .max - 1, .min + 1] {
            #expect(ZigZag.decode(ZigZag.encode(edge)) == edge)
        }
        await propertyCheck(input: Gen.int32()) { value in
            #expect(ZigZag.decode(ZigZag.encode(value)) == value)
        }
    }

    @Test func roundTripsInt64() async {
        for edge: Int64 in [0, 1, -1, .max, .min, .max - 1, .min + 1] {
            #expect(ZigZag.decode(ZigZag.encode(edge)) == edge)
        }
        await propertyCheck(input: Gen.int64()) { value in
            #expect(ZigZag.decode(ZigZag.encode(value)) == value)
        }
    }
}
