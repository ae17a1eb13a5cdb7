import Testing
@testable import Server

/// Idle players and lobby connections, reconnect grace and empty-room disposal, on a fake clock.
struct IdlenessRuleTests {
    @Test func aPlayerWithoutInputForTheTimeoutIsRemoved() {
        var idleness = Idleness(timeoutMilliseconds: 60_000, now: 0)
        idleness.moved(to: .room, now: 1_000)
        idleness.receivedMessage(now: 30_000)  // acks and other messages are not play
        #expect(idleness.sweep(now: 60_999) == nil)
        #expect(idleness.sweep(now: 61_000) == .removeIdlePlayer)
    }

    @Test func inputKeepsAPlayerIn() {
        var idleness = Idleness(timeoutMilliseconds: 60_000, now: 0)
        idleness.moved(to: .room, now: 0)
        for second in stride(from: UInt64(10_000), through: 600_000, by: 10_000) {
            idleness.receivedInput(now: second)
            #expect(idleness.sweep(now: second + 59_999) == nil)
        }
    }

    @Test func aLobbyConnectionThatSendsNothingIsClosedAndOneThatTalksStays() {
        var squatter = Idleness(timeoutMilliseconds: 300, now: 0)
        var browser = Idleness(timeoutMilliseconds: 300, now: 0)
        browser.receivedMessage(now: 200)
        #expect(squatter.sweep(now: 300) == .closeIdleLobby)
        #expect(browser.sweep(now: 300) == nil)
        #expect(browser.sweep(now: 500) == .closeIdleLobby)
        squatter.receivedInput(now: 250)  // inputs outside a room are refused, not activity
        #expect(squatter.sweep(now: 300) == .closeIdleLobby)
    }

    @Test func spectatorsAreExemptAndTheClockRestartsOnEveryMove() {
        var idleness = Idleness(timeoutMilliseconds: 1_000, now: 0)
        idleness.moved(to: .watching, now: 0)
        #expect(idleness.sweep(now: 1_000_000) == nil)
        idleness.moved(to: .lobby, now: 1_000_000)
        #expect(idleness.sweep(now: 1_000_999) == nil)
        #expect(idleness.sweep(now: 1_001_000) == .closeIdleLobby)
    }
}

struct SeatPresenceRuleTests {
    @Test func aLostPlayerKeepsItsSeatForTheGraceThenLosesIt() {
        var presence = SeatPresence(graceMilliseconds: 10_000)
        #expect(presence.disconnected(lost: true, now: 5_000) == nil)
        #expect(!presence.isConnected)
        #expect(presence.sweep(now: 14_999) == nil)
        #expect(presence.sweep(now: 15_000) == .unseat)
    }

    @Test func aResumeWithinTheGraceKeepsTheSeat() {
        var presence = SeatPresence(graceMilliseconds: 10_000)
        _ = presence.disconnected(lost: true, now: 0)
        presence.resumed()
        #expect(presence.isConnected)
        #expect(presence.sweep(now: 1_000_000) == nil)
        // Lost again: a new grace period from then.
        #expect(presence.disconnected(lost: true, now: 2_000_000) == nil)
        #expect(presence.sweep(now: 2_009_999) == nil)
        #expect(presence.sweep(now: 2_010_000) == .unseat)
    }

    @Test func aCleanGoodbyeOrNoGraceFreesTheSeatAtOnce() {
        var clean = SeatPresence(graceMilliseconds: 10_000)
        #expect(clean.disconnected(lost: false, now: 0) == .unseat)
        var noGrace = SeatPresence(graceMilliseconds: 0)
        #expect(noGrace.disconnected(lost: true, now: 0) == .unseat)
    }

    @Test func aSecondDisconnectDoesNotRestartTheGrace() {
        var presence = SeatPresence(graceMilliseconds: 1_000)
        _ = presence.disconnected(lost: true, now: 0)
        #expect(presence.disconnected(lost: true, now: 900) == nil)
        #expect(presence.sweep(now: 1_000) == .unseat)
    }
}

struct RoomOccupancyRuleTests {
    @Test func anEmptyRoomIsDisposedAfterTheTimeout() {
        var occupancy = RoomOccupancy(emptyTimeoutMilliseconds: 30_000, now: 0)
        occupancy.occupantsChanged(to: 1, now: 1_000)
        #expect(occupancy.sweep(now: 1_000_000) == nil)
        occupancy.occupantsChanged(to: 0, now: 2_000_000)
        occupancy.occupantsChanged(to: 0, now: 2_010_000)  // still empty: the clock keeps running
        #expect(occupancy.sweep(now: 2_029_999) == nil)
        #expect(occupancy.sweep(now: 2_030_000) == .dispose)
    }

    @Test func aRoomNobodyEverJoinsGoesToo() {
        let occupancy = RoomOccupancy(emptyTimeoutMilliseconds: 500, now: 100)
        #expect(occupancy.sweep(now: 599) == nil)
        #expect(occupancy.sweep(now: 600) == .dispose)
    }

    @Test func someoneArrivingCancelsTheDisposal() {
        var occupancy = RoomOccupancy(emptyTimeoutMilliseconds: 500, now: 0)
        occupancy.occupantsChanged(to: 2, now: 499)
        #expect(occupancy.sweep(now: 10_000) == nil)
    }
}
