/// --shard K/N: a deterministic share of the inputs, by a stable hash (FNV-1a, 64-bit) of each
/// path as given on the command line or found in a walk, so N machines split a tree with no
/// coordination and together cover every file exactly once.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1...count.
    public var index: Int
    public var count: Int

    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)  // "3/3/" is not K/N
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
            (1...count).contains(index)
        else { return nil }
        self.index = index
        self.count = count
    }

    public func contains(_ path: String) -> Bool {
        Int(Self.stableHash(PathTools.normalized(path)) % UInt64(count)) == index - 1
    }

    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    public var description: String { "\(index)/\(count)" }
}
