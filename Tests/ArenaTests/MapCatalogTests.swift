#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Arena

@Suite struct MapCatalogTests {
    /// A fresh temporary directory holding the given files.
    func directory(with files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/arena-catalog-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
        }
        return path
    }

    @Test func loadsMapFilesSortedAndIgnoresOtherFiles() throws {
        let good = "name: G\nmax-players: 2\n\n###\n#S#\n###\n"
        let dir = try directory(with: ["b.map": good, "a.map": good, "notes.txt": "hello"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try MapCatalog.load(directory: dir)
        #expect(catalog.entries.map(\.fileStem) == ["a", "b"])
    }

    @Test func reportsEveryBadFileWithPathAndLine() throws {
        let good = "name: G\nmax-players: 2\n\n###\n#S#\n###\n"
        let dir = try directory(with: [
            "a.map": good,
            "b.map": "name: B\nmax-players: 2\n\n###\n#S#\n##\n",
            "c.map": "name: C\nmax-players: 2\n\n###\n#.#\n###\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try MapCatalog.load(directory: dir)
            Issue.record("expected an error")
        } catch {
            guard case .badMaps(let errors) = error.problem else {
                Issue.record("wrong problem: \(error)")
                return
            }
            #expect(errors.map(\.path) == [dir + "/b.map", dir + "/c.map"])
            #expect(errors.map(\.line) == [6, 4])
            #expect(error.description.contains("b.map:6: ragged row: 2 tiles, expected 3"))
            #expect(error.description.contains("c.map:4: no spawn point"))
        }
    }

    @Test func emptyOrMissingDirectoryIsAnError() throws {
        let dir = try directory(with: [:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: MapCatalogError(directory: dir, problem: .noMaps)) { try MapCatalog.load(directory: dir) }
        #expect(throws: MapCatalogError.self) { try MapCatalog.load(directory: dir + "/missing") }
    }
}
