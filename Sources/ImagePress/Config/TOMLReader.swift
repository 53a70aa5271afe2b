/// Reads TOML 1.0 documents (the grammar of toml.io/en/v1.0.0): comments, bare, quoted and dotted
/// keys, `[table]` and `[[array of tables]]` headers, inline tables, arrays over several lines,
/// all four kinds of string, integers (decimal, hex, octal, binary), floats, booleans, and dates
/// and times (kept as written). Keys keep the document's order and the line they stand on.
/// Our own reader instead of a package: the one we used (TOMLKit, over toml++) was the only
/// reason the binary linked all of Foundation and ICU, which cost every run about 0.8 ms of
/// start-up and the static binary 52 MB.
public struct TOMLReader {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var reader = TOMLReader(bytes: Array(text.utf8))
        return try reader.document()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Document structure

    /// Tables while they are built: headers and dotted keys reach into them after they are made.
    private final class TableNode {
        enum Origin {
            /// Made as the parent of a header or of a dotted key: a header may still define it.
            case implicit
            case header
            case dottedKeys
        }

        enum Slot {
            case value(TOMLValue)
            case table(TableNode)
            case tables([TableNode])
        }

        var origin: Origin
        var order: [String] = []
        var slots: [String: Slot] = [:]
        var lines: [String: Int] = [:]

        init(origin: Origin) {
            self.origin = origin
        }

        func add(_ key: String, _ slot: Slot, line: Int) {
            order.append(key)
            slots[key] = slot
            lines[key] = line
        }

        var table: TOMLTable {
            TOMLTable(
                entries: order.map { key in
                    let value: TOMLValue =
                        switch slots[key]! {
                        case .value(let value): value
                        case .table(let node): .table(node.table)
                        case .tables(let nodes): .array(nodes.map { .table($0.table) })
                        }
                    return TOMLTable.Entry(key: key, value: value, line: lines[key]!)
                })
        }
    }

    private mutating func document() throws(TOMLError) -> TOMLTable {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        let root = TableNode(origin: .header)
        var current = root
        while true {
            skipSpaces()
            guard let byte = peek() else { break }
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"):
                try endOfLine()
            case UInt8(ascii: "["):
                current = try header(root)
                try endOfLine()
            default:
                try keyValue(into: current)
                try endOfLine()
            }
        }
        return root.table
    }

    /// `[a.b]` or `[[a.b]]`: the table that the following keys go into.
    private mutating func header(_ root: TableNode) throws(TOMLError) -> TableNode {
        let headerLine = line
        advance()
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { advance() }
        skipSpaces()
        let keys = try dottedKey()
        let name = keys.joined(separator: ".")
        try expect("]", "expected ']' to close the table header [\(name)]")
        if isArray {
            guard peek() == UInt8(ascii: "]") else { throw failure("expected ']]' to close the header [[\(name)]]") }
            advance()
        }
        var node = root
        for key in keys.dropLast() {
            switch node.slots[key] {
            case nil:
                let child = TableNode(origin: .implicit)
                node.add(key, .table(child), line: headerLine)
                node = child
            case .table(let child):
                node = child
            case .tables(let children):
                node = children[children.count - 1]
            case .value:
                throw TOMLError(line: headerLine, message: "'\(key)' is a value, so [\(name)] cannot be a table in it")
            }
        }
        let last = keys[keys.count - 1]
        let table = TableNode(origin: .header)
        switch (node.slots[last], isArray) {
        case (nil, false):
            node.add(last, .table(table), line: headerLine)
        case (nil, true):
            node.add(last, .tables([table]), line: headerLine)
        case (.tables(let tables), true):
            node.slots[last] = .tables(tables + [table])
        case (.table(let existing), false) where existing.origin == .implicit:
            existing.origin = .header
            node.lines[last] = headerLine
            return existing
        default:
            throw TOMLError(line: headerLine, message: "[\(isArray ? "[\(name)]" : name)] is already defined")
        }
        return table
    }

    /// `key = value` (the key may be dotted) into `table`.
    private mutating func keyValue(into table: TableNode) throws(TOMLError) {
        let keyLine = line
        let keys = try dottedKey()
        try expect("=", "expected '=' after the key '\(keys.joined(separator: "."))'")
        skipSpaces()
        let value = try value()
        var node = table
        for key in keys.dropLast() {
            switch node.slots[key] {
            case nil:
                let child = TableNode(origin: .dottedKeys)
                node.add(key, .table(child), line: keyLine)
                node = child
            case .table(let child) where child.origin != .header:
                node = child
            default:
                throw TOMLError(
                    line: keyLine, message: "'\(key)' is already defined, so the dotted key cannot add to it")
            }
        }
        let last = keys[keys.count - 1]
        guard node.slots[last] == nil else {
            throw TOMLError(line: keyLine, message: "the key '\(keys.joined(separator: "."))' is defined twice")
        }
        node.add(last, .value(value), line: keyLine)
    }

    /// A key made of bare or quoted parts joined by dots; spaces around the dots are allowed.
    private mutating func dottedKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            switch peek() {
            case UInt8(ascii: "\""): parts.append(try basicString())
            case UInt8(ascii: "'"): parts.append(try literalString())
            default:
                let start = position
                while let byte = peek(), Self.isBareKey(byte) { advance() }
                guard position > start else { throw failure("expected a key") }
                parts.append(String(decoding: bytes[start..<position], as: UTF8.self))
            }
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else { return parts }
            advance()
        }
    }

    private static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    // MARK: Values

    /// Arrays and inline tables nested deeper than this are refused (each level recurses).
    private static let maximumDepth = 128
    private var depth = 0

    private mutating func value() throws(TOMLError) -> TOMLValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw failure("values nested more than \(Self.maximumDepth) deep") }
        switch peek() {
        case UInt8(ascii: "\""):
            return .string(try lookingAt("\"\"\"") ? multiLineBasicString() : basicString())
        case UInt8(ascii: "'"):
            return .string(try lookingAt("'''") ? multiLineLiteralString() : literalString())
        case UInt8(ascii: "["):
            return try array()
        case UInt8(ascii: "{"):
            return try inlineTable()
        default:
            return try scalar()
        }
    }

    private mutating func array() throws(TOMLError) -> TOMLValue {
        advance()
        var items: [TOMLValue] = []
        while true {
            try skipSpacesCommentsAndNewlines()
            if peek() == UInt8(ascii: "]") { break }
            items.append(try value())
            try skipSpacesCommentsAndNewlines()
            guard peek() == UInt8(ascii: ",") else { break }
            advance()
        }
        try expect("]", "expected ',' or ']' in the array")
        return .array(items)
    }

    /// `{ a = 1, b.c = "x" }`: on one line, no comma after the last pair (TOML 1.0).
    private mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        advance()
        let table = TableNode(origin: .header)
        skipSpaces()
        if peek() == UInt8(ascii: "}") {
            advance()
            return .table(table.table)
        }
        while true {
            try keyValue(into: table)
            skipSpaces()
            guard peek() == UInt8(ascii: ",") else { break }
            advance()
        }
        try expect("}", "expected ',' or '}' in the inline table (it stays on one line)")
        return .table(table.table)
    }

    /// Booleans, numbers, dates and times: a run of the characters they are made of.
    private mutating func scalar() throws(TOMLError) -> TOMLValue {
        let start = position
        while let byte = peek(), Self.isScalar(byte) { advance() }
        var token = String(decoding: bytes[start..<position], as: UTF8.self)
        // A date and a time may be separated by a space instead of "T".
        if TOMLScalars.isDate(token), peek() == UInt8(ascii: " "), position + 1 < bytes.count,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position + 1])
        {
            advance()
            let timeStart = position
            while let byte = peek(), Self.isScalar(byte) { advance() }
            token += " " + String(decoding: bytes[timeStart..<position], as: UTF8.self)
        }
        guard !token.isEmpty else { throw failure("expected a value") }
        guard let value = TOMLScalars.value(token) else { throw failure("'\(token)' is not a TOML value") }
        return value
    }

    private static func isScalar(_ byte: UInt8) -> Bool {
        isBareKey(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    // MARK: Strings

    private mutating func basicString() throws(TOMLError) -> String {
        advance()
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("a string in double quotes is not closed") }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw failure("a string in double quotes ends on its line (use \"\"\" for more lines)")
            default:
                try checkNotControl(byte)
                text.append(byte)
                advance()
            }
        }
    }

    private mutating func multiLineBasicString() throws(TOMLError) -> String {
        position += 3
        try skipFirstNewline()
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("a string in \"\"\" is not closed") }
            switch byte {
            case UInt8(ascii: "\""):
                if try closesMultiLine(quote: byte, into: &text) { return String(decoding: text, as: UTF8.self) }
            case UInt8(ascii: "\\"):
                if try !skipLineEndingBackslash() { try escape(into: &text) }
            default:
                try appendMultiLineByte(into: &text)
            }
        }
    }

    private mutating func literalString() throws(TOMLError) -> String {
        advance()
        let start = position
        while true {
            guard let byte = peek() else { throw failure("a string in single quotes is not closed") }
            if byte == UInt8(ascii: "'") { break }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                throw failure("a string in single quotes ends on its line (use ''' for more lines)")
            }
            try checkNotControl(byte)
            advance()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        advance()
        return text
    }

    private mutating func multiLineLiteralString() throws(TOMLError) -> String {
        position += 3
        try skipFirstNewline()
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("a string in ''' is not closed") }
            if byte == UInt8(ascii: "'") {
                if try closesMultiLine(quote: byte, into: &text) { return String(decoding: text, as: UTF8.self) }
            } else {
                try appendMultiLineByte(into: &text)
            }
        }
    }

    /// At a quote inside a multi-line string: three or more close it, and up to two more before
    /// them belong to the text (`""""x""""` ends in a quote).
    private mutating func closesMultiLine(quote: UInt8, into text: inout [UInt8]) throws(TOMLError) -> Bool {
        var count = 0
        while peek() == quote {
            advance()
            count += 1
        }
        if count < 3 {
            text += [UInt8](repeating: quote, count: count)
            return false
        }
        guard count <= 5 else { throw failure("too many quotes close a multi-line string") }
        text += [UInt8](repeating: quote, count: count - 3)
        return true
    }

    private mutating func appendMultiLineByte(into text: inout [UInt8]) throws(TOMLError) {
        let byte = bytes[position]
        if byte == UInt8(ascii: "\r") {
            guard lookingAt("\r\n") else { throw failure("a carriage return must be followed by a line feed") }
            advance()
        } else if byte != UInt8(ascii: "\n") {
            try checkNotControl(byte)
        }
        text.append(bytes[position])
        advance()
    }

    private mutating func skipFirstNewline() throws(TOMLError) {
        if lookingAt("\n") {
            advance()
        } else if lookingAt("\r\n") {
            position += 1
            advance()
        }
    }

    /// A backslash that ends a line in a """ string removes it and the blanks after it.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var probe = position + 1
        while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") {
            probe += 1
        }
        guard probe < bytes.count, bytes[probe] == UInt8(ascii: "\n") || bytes[probe] == UInt8(ascii: "\r") else {
            return false
        }
        position = probe
        try skipSpacesAndNewlines()
        return true
    }

    private mutating func escape(into text: inout [UInt8]) throws(TOMLError) {
        advance()
        guard let code = peek() else { throw failure("a string ends in a backslash") }
        advance()
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "r"): 0x0D, UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C,
        ]
        if let byte = simple[code] {
            text.append(byte)
            return
        }
        let digits = code == UInt8(ascii: "u") ? 4 : code == UInt8(ascii: "U") ? 8 : 0
        guard digits > 0 else { throw failure("unknown escape '\\\(Unicode.Scalar(code))' in a string") }
        guard position + digits <= bytes.count,
            bytes[position..<position + digits].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
            let number = UInt32(String(decoding: bytes[position..<position + digits], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(number)
        else { throw failure("'\\\(Unicode.Scalar(code))' needs \(digits) hex digits of a Unicode scalar") }
        position += digits
        text += Array(String(Character(scalar)).utf8)
    }

    private func checkNotControl(_ byte: UInt8) throws(TOMLError) {
        if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            throw failure("control character 0x\(String(byte, radix: 16)) in a string (write it as an escape)")
        }
    }

    // MARK: Bytes, blanks and lines

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private func lookingAt(_ text: String) -> Bool {
        bytes[position...].starts(with: text.utf8)
    }

    private mutating func advance() {
        if bytes[position] == UInt8(ascii: "\n") { line += 1 }
        position += 1
    }

    private mutating func expect(_ character: Unicode.Scalar, _ message: String) throws(TOMLError) {
        skipSpaces()
        guard peek() == UInt8(ascii: character) else { throw failure(message) }
        advance()
    }

    private mutating func skipSpaces() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { advance() }
    }

    private mutating func skipSpacesAndNewlines() throws(TOMLError) {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                advance()
            } else if byte == UInt8(ascii: "\r") {
                try newline()
            } else {
                return
            }
        }
    }

    private mutating func skipSpacesCommentsAndNewlines() throws(TOMLError) {
        while true {
            try skipSpacesAndNewlines()
            guard peek() == UInt8(ascii: "#") else { return }
            skipComment()
        }
    }

    private mutating func skipComment() {
        while let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") { advance() }
    }

    /// After a key/value pair or a header: blanks, perhaps a comment, then the line ends.
    private mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if peek() == UInt8(ascii: "#") { skipComment() }
        guard peek() != nil else { return }
        guard peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") else {
            throw failure("expected the end of the line, found '\(Unicode.Scalar(bytes[position]))'")
        }
        try newline()
    }

    private mutating func newline() throws(TOMLError) {
        if bytes[position] == UInt8(ascii: "\r") {
            guard lookingAt("\r\n") else { throw failure("a carriage return must be followed by a line feed") }
            position += 1
        }
        advance()
    }

    private func failure(_ message: String) -> TOMLError {
        TOMLError(line: line, message: message)
    }
}
