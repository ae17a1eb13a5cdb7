import Wire

/// `requests-per-second`: what a connection may ask of the server besides playing. Each
/// request costs far more than an input (a room list is up to 8.6 KB to write, a join or
/// leave a roster to the room), and so does every refusal, which is answered.
extension Session {
    /// Joins, leaves, room lists, resumes, and spectates from the lobby. Inputs and acks have
    /// their own pace; a spectator (an admin) switches rooms and controls replays freely.
    func isRequest(_ message: ClientMessage) -> Bool {
        switch message {
        case .join, .leave, .listRooms, .resume: return true
        case .spectate: if case .spectator = role { return false } else { return true }
        case .input, .ack, .replayControl: return false
        }
    }

    /// Takes one request from the budget; over it, error 20 (which closes) and false.
    func takeRequest() -> Bool {
        guard requestLimiter.allow(now: now) else {
            server.counters.breach(.requestRate)
            sendError(ProtocolError(.rateLimited, "more than \(server.configuration.requestsPerSecond) requests per second (join, leave, listRooms, resume, spectate, or messages refused)"))
            return false
        }
        return true
    }

    /// Refuses a message the role cannot send, keeping the connection open: the answer
    /// costs a request, so a stream of them is held to the same budget.
    func refuse(_ error: ProtocolError) {
        if takeRequest() { sendError(error) }
    }
}
