/// One HTTP header field as received or to be sent; names keep their original case.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The value of the first header named `name` (ASCII case-insensitive).
    func firstValue(_ name: String) -> String? {
        first { ASCII.caseInsensitiveEquals($0.name, name) }?.value
    }

    /// Comma-separated values of every header named `name`, trimmed, empties dropped.
    /// Case is preserved; callers lowercase when the tokens are case-insensitive.
    func listValues(_ name: String) -> [String] {
        var result: [String] = []
        for header in self where ASCII.caseInsensitiveEquals(header.name, name) {
            for part in header.value.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = ASCII.trimmingWhitespace(part)
                if !trimmed.isEmpty { result.append(trimmed) }
            }
        }
        return result
    }

    /// Lowercased comma-separated tokens (for case-insensitive tokens like Upgrade, Connection).
    func lowercasedTokens(_ name: String) -> [String] {
        listValues(name).map(ASCII.lowercased)
    }
}
