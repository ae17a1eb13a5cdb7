import EventLoop
import Foundation
import Replay

/// The recordings directory: the files in it and their sizes, new recordings' names, and
/// the size caps. The directory is scanned once when the server starts (before it serves);
/// after that the library knows every file it writes, and removes the oldest finished ones
/// through the loop's file operations when the total passes its cap.
final class ReplayLibrary {
    struct Entry {
        /// The file stem: what `spectate` names as `replay:ID` and `/replays` lists.
        let id: String
        let path: String
        var bytes: Int
        let startedAtMilliseconds: UInt64
        /// From the file's header (nil if it could not be read).
        var header: ReplayHeader?
        /// Still being written by a room of this server.
        var recording: Bool
    }

    let directory: String
    let maxFileBytes: Int
    let maxTotalBytes: Int
    private let loop: EventLoop
    private(set) var entries: [Entry] = []

    /// Creates the directory if needed and reads what is already in it.
    init(directory: String, maxFileBytes: Int, maxTotalBytes: Int, loop: EventLoop) throws {
        self.directory = directory
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.loop = loop
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: directory) where name.hasSuffix("." + ReplayFormat.fileExtension) {
            let path = directory + "/" + name
            guard let attributes = try? files.attributesOfItem(atPath: path), attributes[.type] as? FileAttributeType == .typeRegular else {
                continue
            }
            let header = FileHandle(forReadingAtPath: path).flatMap { handle in
                defer { try? handle.close() }
                return (try? handle.read(upToCount: 4096)).flatMap { try? ReplayFile.header(of: Array($0)) }
            }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            entries.append(Entry(id: String(name.dropLast(ReplayFormat.fileExtension.count + 1)), path: path,
                                 bytes: (attributes[.size] as? Int) ?? 0,
                                 startedAtMilliseconds: header?.startedAtMilliseconds ?? UInt64(modified * 1000),
                                 header: header, recording: false))
        }
        entries.sort { $0.startedAtMilliseconds < $1.startedAtMilliseconds }
        prune()
    }

    var totalBytes: Int { entries.reduce(0) { $0 + $1.bytes } }

    /// A new, unused file for a room's recording: `ROOM-YYYYMMDD-HHMMSS[-N].twr`.
    func newRecording(_ header: ReplayHeader) -> Entry {
        let stamp = Self.stamp(milliseconds: header.startedAtMilliseconds)
        var id = "\(header.roomID)-\(stamp)"
        var suffix = 1
        // Files already there were listed at start; a stranger's is refused by the exclusive create.
        while entries.contains(where: { $0.id == id }) {
            suffix += 1
            id = "\(header.roomID)-\(stamp)-\(suffix)"
        }
        let entry = Entry(id: id, path: path(of: id), bytes: 0, startedAtMilliseconds: header.startedAtMilliseconds,
                          header: header, recording: true)
        entries.append(entry)
        return entry
    }

    func grew(_ id: String, to bytes: Int) {
        guard let index = entries.firstIndex(where: { $0.id == id }) else { return }
        entries[index].bytes = bytes
        if totalBytes > maxTotalBytes { prune() }
    }

    func finished(_ id: String) {
        guard let index = entries.firstIndex(where: { $0.id == id }) else { return }
        entries[index].recording = false
        prune()
    }

    /// The entry a `replay:ID` names, if there is one.
    func entry(_ id: String) -> Entry? {
        entries.first { $0.id == id }
    }

    /// Removes the oldest finished recordings until the total is under the cap.
    private func prune() {
        var total = totalBytes
        while total > maxTotalBytes, let oldest = entries.firstIndex(where: { !$0.recording }) {
            let entry = entries.remove(at: oldest)
            total -= entry.bytes
            loop.removeFile(entry.path)
        }
    }

    private func path(of id: String) -> String { directory + "/" + id + "." + ReplayFormat.fileExtension }

    /// "YYYYMMDD-HHMMSS" in UTC. Plain arithmetic (Howard Hinnant's civil-from-days):
    /// a DateFormatter would load ICU's data, megabytes of memory, for a file name.
    static func stamp(milliseconds: UInt64) -> String {
        let seconds = Int(milliseconds / 1000)
        let days = seconds / 86_400, daySeconds = seconds % 86_400
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)\(two(month))\(two(day))-\(two(daySeconds / 3600))\(two(daySeconds / 60 % 60))\(two(daySeconds % 60))"
    }
}
