import GameCore
import Testing

@Suite struct TickInputsTests {
    func input(_ value: Int32) -> PlayerInput { PlayerInput(values: SIMD8(repeating: value)) }

    @Test func readsWritesAndRemovesByPlayer() {
        var inputs = TickInputs()
        #expect(inputs.isEmpty)
        inputs[3] = input(30)
        inputs[1] = input(10)
        inputs[3] = input(33)  // replaces, keeps its place
        #expect(inputs.count == 2)
        #expect(inputs[3] == input(33))
        #expect(inputs[1] == input(10))
        #expect(inputs[2] == nil)
        inputs[3] = nil
        #expect(inputs[3] == nil)
        #expect(inputs.count == 1)
        inputs[4] = nil  // removing a player without input changes nothing
        #expect(inputs.count == 1)
    }

    @Test func iteratesInTheOrderPlayersWereSet() {
        var inputs: TickInputs = [5: input(50), 2: input(20)]
        inputs[9] = input(90)
        #expect(inputs.map(\.id) == [5, 2, 9])
        #expect(inputs.map(\.input) == [input(50), input(20), input(90)])
    }

    @Test func equalityIgnoresOrder() {
        let one: TickInputs = [1: input(1), 2: input(2)]
        let other: TickInputs = [2: input(2), 1: input(1)]
        #expect(one == other)
        #expect(one != [1: input(1)])
        #expect(one != [1: input(1), 2: input(3)])
    }

    @Test func emptiesForTheNextTick() {
        var inputs: TickInputs = [1: input(1), 2: input(2)]
        inputs.removeAll()
        #expect(inputs.isEmpty)
        #expect(inputs[1] == nil)
        inputs[2] = input(7)
        #expect(inputs.map(\.id) == [2])
    }

    @Test func aPlayerTableKeepsTheOrderPlayersWereFirstSet() {
        var table = PlayerTable<String>()
        table[4] = "four"
        table[1] = "one"
        table[7] = "seven"
        table[1] = "uno"
        table[4] = nil
        #expect(table.map(\.id) == [1, 7] && table.map(\.value) == ["uno", "seven"])
        #expect(table[4] == nil && table[7] == "seven" && table.count == 2)
        table.removeAll()
        #expect(table.isEmpty && table[1] == nil)
    }
}
