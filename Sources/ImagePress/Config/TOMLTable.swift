/// A TOML table: its keys in the order the document gives them, each with the line where it was
/// defined, so that a setting's error can name its line.
public struct TOMLTable: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var key: String
        public var value: TOMLValue
        /// 1-based line of the key (of the table header, for a table defined by one).
        public var line: Int
    }

    public var entries: [Entry] = []

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> TOMLValue? {
        entries.first { $0.key == key }?.value
    }
}
