import EventLoop
import GameCore
import Replay

/// Records one room into its replay file: the room reports joins, leaves and steps; once
/// a second the recorder adds the state hash and hands the chunk to a `FileAppender`
/// (libuv's file operations), so a crash loses at most the last second.
final class RoomRecorder {
    let id: String
    private var writer: ReplayWriter
    private let file: FileAppender
    private unowned let library: ReplayLibrary
    private let hashEvery: UInt32
    /// Room for the trailer under the file size cap.
    private static let trailerReserve = 512
    private(set) var stopped = false
    private var chunk: [UInt8] = []
    /// Where the file's last whole chunk ends: its tick and state hash.
    private var flushed: (tick: UInt32, hash: UInt64) = (0, 0)
    private let log: (String) -> Void

    init(header: ReplayHeader, layout: InputLayout, simulation: any Simulation, library: ReplayLibrary, loop: EventLoop,
         log: @escaping (String) -> Void) {
        let entry = library.newRecording(header)
        id = entry.id
        writer = ReplayWriter(header: header, layout: layout)
        file = FileAppender(loop: loop, path: entry.path)
        self.library = library
        self.log = log
        hashEvery = UInt32(max(1, header.tickRate))
        flushed = (simulation.tick, simulation.stateHash())
        file.onClosed = { [library, id = entry.id, log] failure in
            if let failure { log("recording \(id) failed: \(failure)") }
            library.finished(id)
        }
        file.append(writer.fileStart())
    }

    func joined(_ player: PlayerID, name: String) {
        guard !stopped else { return }
        writer.joined(player, name: name)
    }

    func left(_ player: PlayerID) {
        guard !stopped else { return }
        writer.left(player)
    }

    /// After each step, with the inputs it was given and the tick it reached; `stateHash` is
    /// asked for only when a chunk ends (once a second).
    func stepped(inputs: TickInputs, tick: UInt32, stateHash: () -> UInt64) {
        guard !stopped else { return }
        writer.stepped(inputs: inputs)
        if tick % hashEvery == 0 || writer.pendingBytes > 64 << 10 { flush(tick: tick, hash: stateHash()) }
    }

    /// The room ends: the last chunk, the trailer, and the file is closed.
    func finish(simulation: any Simulation, reason: String) {
        guard !stopped else { return }
        stopped = true
        let ending = writer.finish(ReplayTrailer(tick: simulation.tick, stateHash: simulation.stateHash(), reason: reason))
        // The last chunk too must fit under the cap; if not, the file ends where it stood.
        file.append(writtenBytes + ending.count <= library.maxFileBytes ? ending
            : ReplayWriter.trailerRecord(ReplayTrailer(tick: flushed.tick, stateHash: flushed.hash, reason: "size cap reached")))
        file.close()
        library.grew(id, to: file.bytesWritten + file.pendingBytes)
    }

    /// What the file holds or will hold once the writes queued so far land.
    private var writtenBytes: Int { file.bytesWritten + file.pendingBytes }

    /// Ends the chunk with the state hash and writes it, unless the file would pass its cap.
    private func flush(tick: UInt32, hash: UInt64) {
        writer.hashed(tick: tick, hash: hash)
        chunk.removeAll(keepingCapacity: true)
        writer.takeChunk(into: &chunk)
        if file.failure != nil {
            stopped = true
            file.close()
            return
        }
        guard writtenBytes + chunk.count + Self.trailerReserve <= library.maxFileBytes else {
            log("recording \(id) reached its size cap of \(library.maxFileBytes) bytes; the room plays on unrecorded")
            // The chunk is dropped whole: the trailer records the tick the file really ends at.
            stopped = true
            file.append(ReplayWriter.trailerRecord(ReplayTrailer(tick: flushed.tick, stateHash: flushed.hash, reason: "size cap reached")))
            file.close()
            return
        }
        file.append(chunk)
        flushed = (tick, hash)
        library.grew(id, to: file.bytesWritten + file.pendingBytes)
    }
}
