import GameCore

/// A schema's field codecs for one block, each kind's a slice of one buffer: the encoder
/// and the decoder look a kind up per entity without retaining an array.
struct FieldTables {
    let codecs: UnsafeBufferPointer<FieldCodec>
    let starts: [Int]

    /// The codecs of `kind`; nil when the schema has no such kind.
    func fields(_ kind: UInt8) -> UnsafeBufferPointer<FieldCodec>? {
        let k = Int(kind)
        guard k + 1 < starts.count else { return nil }
        return UnsafeBufferPointer(rebasing: codecs[starts[k]..<starts[k + 1]])
    }
}
