/// TOML's unquoted values, from the run of characters `TOMLReader` found: booleans, integers,
/// floats, and dates and times. Each follows TOML 1.0's rules (no leading zeros, underscores only
/// between digits, no sign on hex, octal or binary), so a typo is an error, not a guess.
enum TOMLScalars {
    static func value(_ token: String) -> TOMLValue? {
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if isDateTime(token) { return .dateTime(token) }
        if let number = integer(token) { return .integer(number) }
        if let number = float(token) { return .float(number) }
        return nil
    }

    /// YYYY-MM-DD alone, the part of a date-time before its time.
    static func isDate(_ token: String) -> Bool {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        // RFC 3339 (which TOML follows): the days of each month, February's 29 in leap years.
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    private static func integer(_ token: String) -> Int? {
        let radixes: [(prefix: String, radix: Int)] = [("0x", 16), ("0o", 8), ("0b", 2)]
        for (prefix, radix) in radixes where token.hasPrefix(prefix) {
            guard
                let digits = digits(
                    token.dropFirst(2), allowed: { $0.isHexDigit && Int(String($0), radix: radix) != nil })
            else { return nil }
            return Int(digits, radix: radix)
        }
        var body = Substring(token)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard let digits = digits(body, allowed: \.isASCIIDigit), digits == "0" || !digits.hasPrefix("0") else {
            return nil
        }
        return Int(token.first == "-" ? "-" + digits : digits)
    }

    private static func float(_ token: String) -> Double? {
        var body = Substring(token)
        var text = ""
        if body.first == "+" || body.first == "-" {
            text.append(body.removeFirst())
        }
        let exponentStart = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = body[..<(exponentStart ?? body.endIndex)]
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = digits(parts[0], allowed: \.isASCIIDigit), whole == "0" || !whole.hasPrefix("0") else {
            return nil
        }
        text += whole
        if parts.count == 2 {
            guard let fraction = digits(parts[1], allowed: \.isASCIIDigit) else { return nil }
            text += "." + fraction
        }
        if let exponentStart {
            var exponent = body[body.index(after: exponentStart)...]
            text += "e"
            if exponent.first == "+" || exponent.first == "-" { text.append(exponent.removeFirst()) }
            guard let power = digits(exponent, allowed: \.isASCIIDigit) else { return nil }
            text += power
        }
        guard parts.count == 2 || exponentStart != nil else { return nil }
        return Double(text)
    }

    /// Digits with single underscores between them, without the underscores.
    private static func digits(_ text: Substring, allowed: (Character) -> Bool) -> String? {
        guard let first = text.first, let last = text.last, first != "_", last != "_", !text.contains("__") else {
            return nil
        }
        let digits = text.filter { $0 != "_" }
        return digits.allSatisfy(allowed) ? String(digits) : nil
    }

    /// Offset and local date-times, local dates, local times (RFC 3339 as TOML takes it).
    private static func isDateTime(_ token: String) -> Bool {
        if isTime(Substring(token)) { return true }
        guard token.count >= 10 else { return false }
        let date = token.prefix(10)
        guard isDate(String(date)) else { return false }
        var rest = token.dropFirst(10)
        if rest.isEmpty { return true }
        guard let separator = rest.first, "Tt ".contains(separator) else { return false }
        rest = rest.dropFirst()
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            rest = rest.dropLast()
        } else if rest.count > 6, let sign = rest.dropLast(5).last, sign == "+" || sign == "-" {
            let offset = rest.suffix(5)
            guard isClock(offset, withSeconds: false) else { return false }
            rest = rest.dropLast(6)
        }
        return isTime(rest)
    }

    /// HH:MM:SS with an optional fraction of a second.
    private static func isTime(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard isClock(parts[0], withSeconds: true) else { return false }
        return parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigit))
    }

    private static func isClock(_ text: Substring, withSeconds: Bool) -> Bool {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == (withSeconds ? 3 : 2),
            fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) })
        else { return false }
        let numbers = fields.map { Int($0)! }
        return numbers[0] < 24 && numbers[1] < 60 && (!withSeconds || numbers[2] <= 60)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
