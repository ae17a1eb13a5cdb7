import GameCore
import Replication
import Wire

/// What one tick's snapshot sends did, added to the server's counters once per room tick
/// (not once per client: the counters live behind the server reference).
struct SnapshotTally {
    var full = 0
    var delta = 0
    var skipped = 0
    var dropped = 0
    var bytes = 0

    func add(to counters: inout ServerCounters) {
        counters.snapshotsFull += full
        counters.snapshotsDelta += delta
        counters.snapshotsSkipped += skipped
        counters.dropsSlowReader += dropped
        counters.messagesOut += full + delta
        counters.bytesOut += bytes
    }
}

extension Room {
    /// Each client gets a delta from the tick it acknowledged (or a full snapshot); the
    /// entity bytes are encoded once per distinct baseline and shared.
    func sendSnapshots(tick: UInt32) {
        var tally = SnapshotTally()
        cache.begin(tick: tick)
        // One copy of the ring for the tick: read from the room inside the loop, it would be
        // retained and released around every client's send.
        let ring = self.ring
        for seat in seats {
            guard let session = seat.session else { continue }
            send(to: session, ack: seat.ackTick, lastInputSequence: seat.lastAppliedSequence, ring: ring, tally: &tally)
        }
        for spectator in spectators {
            send(to: spectator, ack: spectator.ackTick, lastInputSequence: 0, ring: ring, tally: &tally)
        }
        count(tally)
    }

    /// The cached tick's snapshot to one client (a spectator arriving at a paused replay).
    func sendSnapshot(to session: Session, ack: UInt32?) {
        var tally = SnapshotTally()
        send(to: session, ack: ack, lastInputSequence: 0, ring: ring, tally: &tally)
        count(tally)
    }

    private func count(_ tally: SnapshotTally) {
        bytesSent += tally.bytes
        if let server = registry.server { tally.add(to: &server.counters) }
    }

    private func send(to session: Session, ack: UInt32?, lastInputSequence: UInt32, ring: SnapshotRing,
                      tally: inout SnapshotTally) {
        let queued = session.queuedBytes
        if queued > settings.sendHardLimit {
            tally.dropped += 1
            session.drop(reason: "send queue over \(settings.sendHardLimit) bytes")
            return
        }
        if queued > settings.sendSoftLimit {
            // Stalled: over the soft limit for too long (skipping keeps it under the hard cap).
            let now = loop.nowMilliseconds
            let since = session.backloggedSince ?? now
            session.backloggedSince = since
            if now &- since >= settings.sendStallTimeout {
                tally.dropped += 1
                session.drop(reason: "send queue over \(settings.sendSoftLimit) bytes for \(now &- since) ms")
                return
            }
            // Skipped, not lost: the next one is a delta from the client's last ack.
            tally.skipped += 1
            return
        }
        session.backloggedSince = nil
        // The client's own head (kind byte and header, on the stack), then the block shared
        // by every client with the same baseline, sent as two pieces: the block is lent by
        // the cache, neither copied nor retained per client.
        cache.withSnapshot(ack: ack, lastInputSequence: lastInputSequence, ring: ring) { header, block in
            if header.isFull { tally.full += 1 } else { tally.delta += 1 }
            ByteRun.withRun(capacity: 1 + SnapshotHeader.maxRunBytes) { head in
                head.writeUInt8(MessageKind.snapshot.rawValue)
                header.write(into: &head)
                tally.bytes += head.count + block.count
                head.withBytes { head in session.connection.sendBinary(head, block) }
            }
        }
    }
}
