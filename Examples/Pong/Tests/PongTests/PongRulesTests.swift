import Pong
import Testing
import TickwireGame

/// Pong's rules, stepped directly: no server, no clock.
struct PongRulesTests {
    let court = PongCourt()

    func paddleY(_ state: WorldState, _ id: UInt16) -> Int32? {
        state.index(of: id).map { state.value($0, 0) }
    }

    @Test func paddlesMoveByTheirInputAndStopAtTheWalls() {
        var game = PongSimulation(court: court, seed: 1)
        let seated = [game.addPlayer(1, name: "left"), game.addPlayer(2, name: "right"), game.addPlayer(3, name: "third")]
        #expect(seated == [true, true, false], "two paddles only")
        var up = PlayerInput(sequence: 1)
        up[0] = -1
        var down = PlayerInput(sequence: 1)
        down[0] = 1
        game.step(inputs: [1: up, 2: down])
        var state = WorldState()
        game.capture(into: &state)
        #expect(paddleY(state, 1) == court.height / 2 - court.paddleSpeed)
        #expect(paddleY(state, 2) == court.height / 2 + court.paddleSpeed)
        for _ in 0..<200 { game.step(inputs: [1: up, 2: down]) }
        game.capture(into: &state)
        #expect(paddleY(state, 1) == court.paddle / 2)
        #expect(paddleY(state, 2) == court.height - court.paddle / 2)
    }

    @Test func aMissedBallScoresForTheOtherSideAndIsServedAgain() {
        var game = PongSimulation(court: court, seed: 7)
        _ = game.addPlayer(1, name: "left")
        _ = game.addPlayer(2, name: "right")
        var up = PlayerInput()
        up[0] = -1
        var state = WorldState()
        // Both paddles hide at the top: whatever the serve, someone misses.
        for _ in 0..<400 { game.step(inputs: [1: up, 2: up]) }
        game.capture(into: &state)
        let scores = [1, 2].map { id in state.index(of: id).map { state.value($0, 2) } ?? 0 }
        #expect(scores.reduce(0, +) >= 1, "nobody scored in 400 ticks: \(scores)")
    }

    @Test func theSameSeedAndInputsGiveTheSameGame() {
        func play(seed: UInt64) -> UInt64 {
            var game = PongSimulation(court: court, seed: seed)
            _ = game.addPlayer(1, name: "a")
            _ = game.addPlayer(2, name: "b")
            for tick in 0..<600 {
                var input = PlayerInput(sequence: UInt32(tick + 1))
                input[0] = Int32(tick / 40 % 3) - 1
                game.step(inputs: [1: input, 2: input])
            }
            return game.stateHash()
        }
        #expect(play(seed: 3) == play(seed: 3))
        #expect(play(seed: 3) != play(seed: 4))
    }

    @Test func badCourtFilesNameFileLineAndReason() {
        #expect(throws: PongLevelError.self) { try PongCourt.parse("width: wide", file: "x.pong") }
        do {
            _ = try PongCourt.parse("name: A\nspeed: 3", file: "x.pong")
            Issue.record("accepted an unknown key")
        } catch {
            #expect(error.description == "x.pong:2: unknown key speed")
        }
    }
}
