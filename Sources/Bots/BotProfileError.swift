/// Why a profile file was rejected: the file, the field (empty for the file as a whole)
/// and the reason, so the message points at what to fix.
public struct BotProfileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let field: String
    public let reason: String

    public init(file: String, field: String, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.isEmpty ? "\(file): \(reason)" : "\(file): field \"\(field)\": \(reason)"
    }
}
