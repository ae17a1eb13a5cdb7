import Foundation

/// Reads and validates bot profiles. Every field is required, unknown fields are refused
/// (a typo must not silently fall back to a default), and every error names the file,
/// the field and the reason.
public enum BotProfileLoader {
    /// The profile file's keys, in the order the docs list them.
    public static let fields = ["behaviour", "reaction-ms", "aim-error-degrees", "input-rate", "preferred-range"]

    public static func load(path: String) throws(BotProfileError) -> BotProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BotProfileError(file: path, field: "", reason: "cannot read the file")
        }
        return try parse(Array(data), file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(BotProfileError) -> BotProfile {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch {
            throw BotProfileError(file: file, field: "", reason: "not valid JSON")
        }
        guard case .object(let object) = root else {
            throw BotProfileError(file: file, field: "", reason: "expected a JSON object, found \(root.typeName)")
        }
        for key in object.keys.sorted() where !fields.contains(key) {
            throw BotProfileError(file: file, field: key, reason: "unknown field (known: \(fields.joined(separator: ", ")))")
        }
        let reader = FieldReader(file: file, object: object)
        let behaviourName = try reader.string("behaviour")
        guard let behaviour = BotBehaviourKind(rawValue: behaviourName) else {
            let known = BotBehaviourKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw BotProfileError(file: file, field: "behaviour", reason: "unknown behaviour \"\(behaviourName)\" (known: \(known))")
        }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return BotProfile(
            name: name, behaviour: behaviour,
            reactionMilliseconds: try reader.integer("reaction-ms", in: BotProfile.Limits.reactionMilliseconds),
            aimErrorDegrees: try reader.number("aim-error-degrees", in: BotProfile.Limits.aimErrorDegrees),
            inputRate: try reader.integer("input-rate", in: BotProfile.Limits.inputRate),
            preferredRange: try reader.number("preferred-range", in: BotProfile.Limits.preferredRange))
    }
}

/// Typed, range-checked access to one profile object's fields.
private struct FieldReader {
    let file: String
    let object: [String: JSONValue]

    func value(_ field: String) throws(BotProfileError) -> JSONValue {
        guard let value = object[field] else { throw BotProfileError(file: file, field: field, reason: "missing") }
        return value
    }

    func string(_ field: String) throws(BotProfileError) -> String {
        let found = try value(field)
        guard case .string(let text) = found else {
            throw BotProfileError(file: file, field: field, reason: "expected a string, found \(found.typeName)")
        }
        return text
    }

    func number(_ field: String) throws(BotProfileError) -> Double {
        let found = try value(field)
        guard case .number(let number) = found else {
            throw BotProfileError(file: file, field: field, reason: "expected a number, found \(found.typeName)")
        }
        return number
    }

    func number(_ field: String, in range: ClosedRange<Double>) throws(BotProfileError) -> Double {
        let number = try number(field)
        guard range.contains(number) else {
            throw BotProfileError(file: file, field: field, reason: "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func integer(_ field: String, in range: ClosedRange<Int>) throws(BotProfileError) -> Int {
        let number = try number(field)
        guard number.rounded() == number, abs(number) < 1e15 else {
            throw BotProfileError(file: file, field: field, reason: "expected a whole number, found \(number)")
        }
        guard range.contains(Int(number)) else {
            throw BotProfileError(file: file, field: field, reason: "\(Int(number)) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return Int(number)
    }
}
