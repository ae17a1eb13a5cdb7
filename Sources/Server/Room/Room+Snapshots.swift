import GameCore
import Replication
import Wire

extension Room {
    /// Each client gets a delta from the tick it acknowledged (or a full snapshot); the
    /// entity bytes are encoded once per distinct baseline and shared.
    func sendSnapshots(tick: UInt32) {
        cache.begin(tick: tick)
        for seat in seats {
            guard let session = seat.session else { continue }
            send(to: session, ack: seat.ackTick, lastInputSequence: seat.lastAppliedSequence)
        }
        for spectator in spectators {
            send(to: spectator, ack: spectator.ackTick, lastInputSequence: 0)
        }
    }

    func send(to session: Session, ack: UInt32?, lastInputSequence: UInt32) {
        let queued = session.queuedBytes
        if queued > settings.sendHardLimit {
            registry.server?.counters.dropsSlowReader += 1
            session.drop(reason: "send queue over \(settings.sendHardLimit) bytes")
            return
        }
        if queued > settings.sendSoftLimit {
            // Stalled: over the soft limit for too long (skipping keeps it under the hard cap).
            let now = loop.nowMilliseconds
            let since = session.backloggedSince ?? now
            session.backloggedSince = since
            if now &- since >= settings.sendStallTimeout {
                registry.server?.counters.dropsSlowReader += 1
                session.drop(reason: "send queue over \(settings.sendSoftLimit) bytes for \(now &- since) ms")
                return
            }
            // Skipped, not lost: the next one is a delta from the client's last ack.
            registry.server?.counters.snapshotsSkipped += 1
            return
        }
        session.backloggedSince = nil
        writer.reset()
        writer.writeUInt8(MessageKind.snapshot.rawValue)
        let header = cache.writeSnapshot(ack: ack, lastInputSequence: lastInputSequence, ring: ring, into: &writer)
        if let server = registry.server {
            if header.isFull { server.counters.snapshotsFull += 1 } else { server.counters.snapshotsDelta += 1 }
        }
        bytesSent += writer.count
        writer.bytes.withUnsafeBytes { session.sendBinary($0) }
    }
}
