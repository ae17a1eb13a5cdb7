import Bots
import Testing

/// Issue 6, "must show" 2: a bad profile is rejected with the file, the field and the reason.
@Suite struct BotProfileTests {
    static let good = #"{"behaviour": "hunter", "reaction-ms": 150, "aim-error-degrees": 6, "input-rate": 30, "preferred-range": 6}"#

    func reject(_ json: String) -> BotProfileError? {
        do {
            _ = try BotProfileLoader.parse(Array(json.utf8), file: "bots/bad.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func theBundledProfilesLoad() throws {
        var directory = #filePath
        for _ in 0..<3 { directory = String(directory[..<directory.lastIndex(of: "/")!]) }
        for name in ["wanderer", "hunter", "medic"] {
            let profile = try BotProfileLoader.load(path: "\(directory)/bots/\(name).json")
            #expect(profile.behaviour.rawValue == name)
            #expect(profile.name == "\(name).json")
        }
    }

    @Test func aGoodProfileParses() throws {
        let profile = try BotProfileLoader.parse(Array(Self.good.utf8), file: "hunter.json")
        #expect(profile == BotProfile(name: "hunter.json", behaviour: .hunter, reactionMilliseconds: 150,
                                      aimErrorDegrees: 6, inputRate: 30, preferredRange: 6))
    }

    @Test(arguments: [
        // (json, field, reason fragment)
        (#"{"behaviour": "sniper", "reaction-ms": 150, "aim-error-degrees": 6, "input-rate": 30, "preferred-range": 6}"#,
         "behaviour", "unknown behaviour \"sniper\""),
        (#"{"behaviour": "hunter", "aim-error-degrees": 6, "input-rate": 30, "preferred-range": 6}"#,
         "reaction-ms", "missing"),
        (#"{"behaviour": "hunter", "reaction-ms": "fast", "aim-error-degrees": 6, "input-rate": 30, "preferred-range": 6}"#,
         "reaction-ms", "expected a number, found a string"),
        (#"{"behaviour": 3, "reaction-ms": 150, "aim-error-degrees": 6, "input-rate": 30, "preferred-range": 6}"#,
         "behaviour", "expected a string, found a number"),
        (#"{"behaviour": "hunter", "reaction-ms": 150, "aim-error-degrees": true, "input-rate": 30, "preferred-range": 6}"#,
         "aim-error-degrees", "expected a number, found a boolean"),
        (#"{"behaviour": "hunter", "reaction-ms": 150, "aim-error-degrees": 6, "input-rate": 500, "preferred-range": 6}"#,
         "input-rate", "500 is out of range 1...120"),
        (#"{"behaviour": "hunter", "reaction-ms": 150, "aim-error-degrees": 200, "input-rate": 30, "preferred-range": 6}"#,
         "aim-error-degrees", "out of range"),
        (#"{"behaviour": "hunter", "reaction-ms": 12.5, "aim-error-degrees": 6, "input-rate": 30, "preferred-range": 6}"#,
         "reaction-ms", "expected a whole number"),
        (#"{"behaviour": "hunter", "reaction-ms": 150, "aim-error-degrees": 6, "input-rate": 30, "preferred-range": 6, "speed": 3}"#,
         "speed", "unknown field"),
        (#"{"behaviour": "hunter", "reaction-ms": 150,"#, "", "not valid JSON"),
        (#"["hunter"]"#, "", "expected a JSON object, found an array"),
    ])
    func aBadProfileNamesFileFieldAndReason(json: String, field: String, reason: String) throws {
        let error = try #require(reject(json))
        #expect(error.file == "bots/bad.json")
        #expect(error.field == field)
        #expect(error.reason.contains(reason), "\(error.reason)")
        #expect(error.description.hasPrefix("bots/bad.json: "))
    }

    @Test func aMissingFileIsRejectedWithItsPath() {
        #expect(throws: BotProfileError(file: "/nonexistent/hunter.json", field: "", reason: "cannot read the file")) {
            try BotProfileLoader.load(path: "/nonexistent/hunter.json")
        }
    }
}
