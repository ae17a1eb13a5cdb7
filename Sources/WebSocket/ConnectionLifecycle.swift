/// How long a connection may stay in each phase. Zero turns a deadline off.
public struct ConnectionDeadlines: Sendable, Equatable {
    /// Request being read, upgrade being decided.
    public var handshakeMilliseconds: UInt64
    /// A plain HTTP answer (or a refusal) being written before the connection ends.
    public var responseMilliseconds: UInt64
    /// Closing handshake under way, possibly with data still queued for the peer.
    public var closingMilliseconds: UInt64
    /// Open and receiving nothing at all. Servers with heartbeats leave this off and let
    /// the heartbeat rule decide.
    public var silenceMilliseconds: UInt64

    public init(handshakeMilliseconds: UInt64 = 10_000, responseMilliseconds: UInt64 = 5_000,
                closingMilliseconds: UInt64 = 5_000, silenceMilliseconds: UInt64 = 0) {
        self.handshakeMilliseconds = handshakeMilliseconds
        self.responseMilliseconds = responseMilliseconds
        self.closingMilliseconds = closingMilliseconds
        self.silenceMilliseconds = silenceMilliseconds
    }
}

/// The phases of one connection and the deadline of each, as a state machine over time:
/// the connection reports what happened, and the sweep asks what to do now. No socket,
/// no clock of its own: every call takes the time, so the rules run in tests on a fake clock.
public struct ConnectionLifecycle: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Server: reading the HTTP request. Client: waiting for the upgrade answer.
        case handshaking
        /// Writing a plain HTTP answer or a refusal; the connection ends after it.
        case respondingHTTP
        case open
        /// A close frame went out or came in; the connection ends when the handshake
        /// completes and the queue drains.
        case closing
        case closed
    }

    /// What the sweep must do with the connection.
    public enum Action: Sendable, Equatable {
        /// The upgrade took too long: answer 408, then end (the answer has its own deadline).
        case answerHandshakeTimeout
        /// The phase outlived its deadline: reset the socket without waiting for its queue.
        case reset(Phase)
    }

    public private(set) var phase: Phase = .handshaking
    /// Loop time (ms) the current phase began.
    public private(set) var phaseStartedAt: UInt64
    /// Loop time (ms) of the last byte received.
    public private(set) var lastReceivedAt: UInt64

    public init(now: UInt64) {
        phaseStartedAt = now
        lastReceivedAt = now
    }

    public var isHandshaking: Bool { phase == .handshaking }
    public var isOpen: Bool { phase == .open }

    public mutating func received(now: UInt64) { lastReceivedAt = now }

    public mutating func upgraded(now: UInt64) {
        guard phase == .handshaking else { return }
        enter(.open, now: now)
    }

    /// A plain HTTP answer or a refusal is being written.
    public mutating func responding(now: UInt64) {
        guard phase == .handshaking else { return }
        enter(.respondingHTTP, now: now)
    }

    /// The closing handshake began. Its deadline runs from the first close frame either way.
    public mutating func closing(now: UInt64) {
        guard phase == .open else { return }
        enter(.closing, now: now)
    }

    public mutating func closed(now: UInt64) {
        enter(.closed, now: now)
    }

    /// What to do at `now`, if anything.
    public func sweep(now: UInt64, deadlines: ConnectionDeadlines) -> Action? {
        switch phase {
        case .handshaking:
            return expired(deadlines.handshakeMilliseconds, since: phaseStartedAt, now: now) ? .answerHandshakeTimeout : nil
        case .respondingHTTP:
            return expired(deadlines.responseMilliseconds, since: phaseStartedAt, now: now) ? .reset(.respondingHTTP) : nil
        case .open:
            return expired(deadlines.silenceMilliseconds, since: lastReceivedAt, now: now) ? .reset(.open) : nil
        case .closing:
            return expired(deadlines.closingMilliseconds, since: phaseStartedAt, now: now) ? .reset(.closing) : nil
        case .closed:
            return nil
        }
    }

    private mutating func enter(_ next: Phase, now: UInt64) {
        phase = next
        phaseStartedAt = now
    }

    private func expired(_ deadline: UInt64, since: UInt64, now: UInt64) -> Bool {
        deadline > 0 && now >= since && now - since >= deadline
    }
}
