/// pngquant's `--quality MIN-MAX`: use the fewest colours that reach MAX, and refuse the result
/// when even 256 colours stay below MIN. Written "65-80", or "80" for 0-80.
public struct QualityRange: Sendable, Equatable, CustomStringConvertible {
    public var minimum: Int
    public var maximum: Int

    /// pngquant's default: no floor, as many colours as needed up to 256.
    public static let pngquantDefault = QualityRange(minimum: 0, maximum: 100)

    public init(minimum: Int, maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// "80" or "65-80", each within 0...100 and MIN ≤ MAX.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.filter { $0 != " " }) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.map { (0...100).contains($0) } ?? false }) else {
            return nil
        }
        let numbers = parts.map { $0! }
        self.init(minimum: numbers.count == 2 ? numbers[0] : 0, maximum: numbers.last!)
        guard minimum <= maximum else { return nil }
    }

    /// Whether text is in the MIN-MAX form (which turns lossy PNG on), not a single number.
    public static func isRange(_ text: String) -> Bool { text.contains("-") }

    public var description: String { "\(minimum)-\(maximum)" }
}
