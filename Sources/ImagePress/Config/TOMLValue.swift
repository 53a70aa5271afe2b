/// A value of a TOML document, as `TOMLReader` reads it.
public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// Dates and times are kept as written: no imgpress setting takes one, so they only need to
    /// be recognised (and reported as the wrong kind of value).
    case dateTime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    public var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    public var int: Int? {
        if case .integer(let number) = self { number } else { nil }
    }

    public var bool: Bool? {
        if case .boolean(let flag) = self { flag } else { nil }
    }

    public var array: [TOMLValue]? {
        if case .array(let items) = self { items } else { nil }
    }

    public var table: TOMLTable? {
        if case .table(let table) = self { table } else { nil }
    }
}
