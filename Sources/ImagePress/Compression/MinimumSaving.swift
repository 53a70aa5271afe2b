/// How much smaller a result must be to be worth a lossy re-encode of an already-lossy file, and
/// for --check to call a file "could be optimized": both a fraction and a number of bytes.
public struct MinimumSaving: Sendable, Equatable, CustomStringConvertible {
    public var percent: Double
    public var bytes: Int

    public init(percent: Double, bytes: Int) {
        self.percent = percent
        self.bytes = bytes
    }

    /// 5 % and at least 1 KiB.
    public static let standard = MinimumSaving(percent: 5, bytes: 1024)

    public func isMet(input: Int, output: Int) -> Bool {
        let saved = input - output
        return saved >= bytes && Double(saved) >= Double(input) * percent / 100
    }

    /// "5%,1KiB" — either part may be given alone; sizes take B, KB, KiB, MB or MiB.
    public init?(parsing text: String) {
        var percent = 0.0
        var bytes = 0
        for part in text.split(separator: ",").map({ $0.trimmingSpaces() }) where !part.isEmpty {
            if part.hasSuffix("%") {
                guard let value = Double(part.dropLast().trimmingSpaces()), (0...100).contains(value) else {
                    return nil
                }
                percent = value
            } else {
                guard let value = Self.parseSize(part) else { return nil }
                bytes = value
            }
        }
        self.init(percent: percent, bytes: bytes)
    }

    private static func parseSize(_ text: String) -> Int? {
        let units: [(String, Int)] = [
            ("KiB", 1024), ("MiB", 1 << 20), ("KB", 1000), ("MB", 1_000_000),
            ("k", 1024), ("K", 1024), ("M", 1 << 20), ("B", 1),
        ]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count).trimmingSpaces()), value >= 0 else { return nil }
            return Int(value * Double(factor))
        }
        return Int(text)
    }

    public var description: String {
        ByteFormatting.oneDecimal(percent).droppingPointZero() + " % and " + ByteFormatting.bytes(bytes)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces. Walks only the spaces: building the string back from
    /// two reversed views went character by character, 6 s for a 4 MB EXIF Artist string.
    func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension String {
    /// "5.0" → "5", "2.5" → "2.5".
    func droppingPointZero() -> String { hasSuffix(".0") ? String(dropLast(2)) : self }
}
