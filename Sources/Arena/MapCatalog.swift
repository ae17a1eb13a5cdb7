#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every map of a directory (`*.map`, sorted by file name), loaded and validated up front
/// so a server refuses to start with a bad map instead of failing when a room opens.
public struct MapCatalog: Sendable {
    /// One loaded map file.
    public struct Entry: Sendable {
        /// File name without `.map`, e.g. `duel`.
        public let fileStem: String
        /// The file's path: the directory joined with the file name.
        public let path: String
        /// The validated map.
        public let map: ArenaMap

        /// An entry as given (nothing is read or checked).
        public init(fileStem: String, path: String, map: ArenaMap) {
            self.fileStem = fileStem
            self.path = path
            self.map = map
        }
    }

    /// Every map, sorted by file name.
    public let entries: [Entry]

    /// A catalog of these entries, in this order (nothing is read or checked).
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The maps, in entry order.
    public var maps: [ArenaMap] { entries.map(\.map) }

    /// The map whose file stem or header name is `name`.
    public func map(named name: String) -> ArenaMap? {
        entries.first { $0.fileStem == name }?.map ?? entries.first { $0.map.name == name }?.map
    }

    /// Loads every `*.map` file in `directory`. Fails with every bad file's error (each
    /// with its path and line), or when the directory cannot be read or holds no map.
    public static func load(directory: String) throws(MapCatalogError) -> MapCatalog {
        guard FileManager.default.fileExists(atPath: directory) else {
            throw MapCatalogError(directory: directory, problem: .unreadableDirectory("no such directory"))
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw MapCatalogError(directory: directory, problem: .unreadableDirectory("not a directory, or not readable"))
        }
        let mapFiles = names.filter { $0.hasSuffix(".map") }.sorted()
        guard !mapFiles.isEmpty else { throw MapCatalogError(directory: directory, problem: .noMaps) }
        var entries: [Entry] = []
        var errors: [MapError] = []
        for file in mapFiles {
            let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
            do {
                let map = try MapLoader.load(path: path)
                entries.append(Entry(fileStem: String(file.dropLast(4)), path: path, map: map))
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw MapCatalogError(directory: directory, problem: .badMaps(errors)) }
        return MapCatalog(entries: entries)
    }
}

/// Why a map directory could not be loaded; lists every bad file.
public struct MapCatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong with the directory.
    public enum Problem: Sendable, Equatable {
        /// The directory is missing, not a directory, or not readable; the text says which.
        case unreadableDirectory(String)
        /// The directory holds no `*.map` file.
        case noMaps
        /// One error per bad file, in file-name order.
        case badMaps([MapError])
    }

    /// The directory as given.
    public let directory: String
    /// What went wrong.
    public let problem: Problem

    /// One line for a directory problem; one line per bad file otherwise.
    public var description: String {
        switch problem {
        case .unreadableDirectory(let why): "\(directory): cannot read map directory: \(why)"
        case .noMaps: "\(directory): no *.map files"
        case .badMaps(let errors): errors.map(\.description).joined(separator: "\n")
        }
    }
}
