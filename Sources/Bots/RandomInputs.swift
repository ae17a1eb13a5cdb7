import Arena
import GameCore

/// A brain for any game: random values within each field of the game's input layout,
/// each kept for a while (about 10 inputs on average) so movement is more than jitter.
/// Enough to load-test a game nobody wrote a bot for.
struct RandomInputs {
    let layout: InputLayout
    private var random: SeededRandom
    private var current = SIMD8<Int32>.zero

    init(layout: InputLayout, seed: UInt64) {
        self.layout = layout
        random = SeededRandom(seed: seed)
        for index in layout.fields.indices { current[index] = roll(layout.fields[index]) }
    }

    mutating func next() -> SIMD8<Int32> {
        for index in layout.fields.indices where random.next() % 10 == 0 {
            current[index] = roll(layout.fields[index])
        }
        return current
    }

    private mutating func roll(_ field: InputField) -> Int32 {
        switch field.constraint {
        case .range(let range):
            let span = UInt64(Int64(range.upperBound) - Int64(range.lowerBound) + 1)
            return Int32(Int64(range.lowerBound) + Int64(random.next() % span))
        case .mask(let mask):
            return Int32(bitPattern: UInt32(truncatingIfNeeded: random.next()) & mask)
        }
    }
}
