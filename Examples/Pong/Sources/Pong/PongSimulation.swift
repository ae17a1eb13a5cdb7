import TickwireGame

/// Pong's rules: two paddles (players 1 and 2, left and right) and a ball. Integers only
/// and a seeded generator, so the same seed and inputs give the same game.
public struct PongSimulation: Simulation, Sendable {
    public let court: PongCourt
    public private(set) var tick: UInt32 = 0
    /// Paddle centres by player (index 0: left, player 1; index 1: right, player 2).
    var paddles: [Int32?] = [nil, nil]
    var scores: [Int32] = [0, 0]
    var ball: (x: Int32, y: Int32, vx: Int32, vy: Int32)
    var random: UInt64

    public static let schema = EntitySchema(kinds: [
        EntityKind(id: 0, name: "paddle", fields: [
            FieldDescriptor("y", bits: 12), FieldDescriptor("x", bits: 12), FieldDescriptor("score", bits: 8),
        ]),
        EntityKind(id: 1, name: "ball", fields: [FieldDescriptor("x", bits: 12), FieldDescriptor("y", bits: 12)]),
    ])
    /// One field: -1 up, 0 still, 1 down.
    public static let inputLayout = InputLayout([InputField("dy", bytes: 1, signed: true, range: -1...1)])
    public static let ballID: UInt16 = 100

    public init(court: PongCourt, seed: UInt64) {
        self.court = court
        random = seed
        ball = (court.width / 2, court.height / 2, 0, 0)
        serve(towards: 1)
    }

    public mutating func addPlayer(_ id: PlayerID, name: String) -> Bool {
        guard (1...2).contains(id), paddles[Int(id) - 1] == nil else { return false }
        paddles[Int(id) - 1] = court.height / 2
        return true
    }

    public mutating func removePlayer(_ id: PlayerID) {
        if (1...2).contains(id) { (paddles[Int(id) - 1], scores[Int(id) - 1]) = (nil, 0) }
    }

    public mutating func step(inputs: TickInputs) {
        tick &+= 1
        let half = court.paddle / 2
        for side in 0..<2 {
            guard let y = paddles[side], let input = inputs[PlayerID(side + 1)] else { continue }
            paddles[side] = min(max(y + input[0] * court.paddleSpeed, half), court.height - half)
        }
        let wasInFront = ball.vx < 0 ? ball.x > PongCourt.paddleInset : ball.x < court.width - PongCourt.paddleInset
        ball.x += ball.vx
        ball.y += ball.vy
        if ball.y <= 0 || ball.y >= court.height { (ball.vy, ball.y) = (-ball.vy, min(max(ball.y, 0), court.height)) }
        let side = ball.vx < 0 ? 0 : 1
        let paddleX = side == 0 ? PongCourt.paddleInset : court.width - PongCourt.paddleInset
        let reached = side == 0 ? ball.x <= paddleX : ball.x >= paddleX
        if reached, wasInFront, let y = paddles[side], abs(ball.y - y) <= half {
            // Off the paddle: faster, and angled by where it hit.
            ball.vx = -ball.vx + (ball.vx < 0 ? 1 : -1)
            ball.vy += (ball.y - y) * 4 / max(half, 1)
            ball.x = paddleX
        } else if ball.x < 0 || ball.x > court.width {
            scores[1 - side] = min(scores[1 - side] + 1, 255)
            serve(towards: side)
        }
    }

    public func capture(into state: inout WorldState) {
        state.removeAll(tick: tick)
        for side in 0..<2 {
            guard let y = paddles[side] else { continue }
            let entity = state.append(id: UInt16(side + 1), kind: 0)
            state.set(entity, 0, y)
            state.set(entity, 1, side == 0 ? PongCourt.paddleInset : court.width - PongCourt.paddleInset)
            state.set(entity, 2, scores[side])
        }
        let entity = state.append(id: Self.ballID, kind: 1)
        state.set(entity, 0, min(max(ball.x, 0), court.width))
        state.set(entity, 1, ball.y)
    }

    public func stateHash() -> UInt64 {  // FNV-1a over everything that matters
        [Int32(bitPattern: tick), ball.x, ball.y, ball.vx, ball.vy, scores[0], scores[1], paddles[0] ?? -1, paddles[1] ?? -1]
            .reduce(0xcbf2_9ce4_8422_2325 ^ random) { ($0 ^ UInt64(UInt32(bitPattern: $1))) &* 0x100_0000_01b3 }
    }

    /// The ball restarts from the middle towards `side` (0 left, 1 right) at a random slope.
    mutating func serve(towards side: Int) {
        random = random &* 6364136223846793005 &+ 1442695040888963407
        let slope = Int32(truncatingIfNeeded: (random >> 33) % 7) - 3
        ball = (court.width / 2, court.height / 2, side == 0 ? -court.ballSpeed : court.ballSpeed, slope)
    }
}
