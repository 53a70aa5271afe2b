import CShims

/// How hard the PNG optimizer searches (`--effort 1...6`, like oxipng's `-o`). Higher levels
/// try more row-filter strategies; 2 and 3 rank them with a fast libdeflate level and compress
/// the best at full strength, 4 and up compress every trial at full strength, and 5 and 6 the
/// best few again with zopfli. The default (3) is the level `make bench` shows matching oxipng
/// -o4 bytes; the README has the measured bytes and times of every level.
public struct PNGEffort: Sendable, Equatable {
    public static let range = 1...6
    public static let standard = PNGEffort(level: 3)

    public let level: Int

    public init(level: Int) {
        self.level = min(max(level, Self.range.lowerBound), Self.range.upperBound)
    }

    /// Filter strategies (IPX_FILTER_*) to try on a candidate. Palette and low-bit images are
    /// usually smallest unfiltered, photos with a per-row heuristic. Level 2 takes level 3's less
    /// the brute force: against none, min-sum and entropy alone, 0.27 % fewer bytes on 207 corpus
    /// PNGs for 8 % more time (oxipng -o2's none, sub, entropy and bigrams gave 0.25 % more bytes
    /// than these on make bench's 12).
    func filters(paletteOrLowBit: Bool) -> [Int32] {
        let none = Int32(IPX_FILTER_NONE)
        let heuristics = [IPX_FILTER_MINSUM, IPX_FILTER_ENTROPY, IPX_FILTER_BIGRAMS].map(Int32.init)
        let fixed = [IPX_FILTER_SUB, IPX_FILTER_UP, IPX_FILTER_AVERAGE, IPX_FILTER_PAETH].map(Int32.init)
        switch level {
        case 1: return [paletteOrLowBit ? none : Int32(IPX_FILTER_MINSUM)]
        case 2: return [none, Int32(IPX_FILTER_SUB)] + heuristics
        case 3: return [none, Int32(IPX_FILTER_SUB)] + heuristics + [Int32(IPX_FILTER_BRUTE)]
        default: return [none] + fixed + heuristics + [Int32(IPX_FILTER_BRUTE)]
        }
    }

    /// How much of the rows before it the brute-force filter judges each row with: one trial
    /// per context. 2048 bytes instead of 8192 made that filter 2.4x faster and, after ranking
    /// and finishing, moved the bytes by +0.03 % on 207 corpus PNGs (-0.4 % on some photos,
    /// +0.7 % on others). The higher levels try both: with level 3's trial among theirs, all
    /// compressed at full strength, they never write more bytes than level 3 (with 8192 alone,
    /// astronaut.png came out 0.4 % larger at -O 4 than at -O 3).
    var bruteContexts: [Int] { level >= 4 ? [8192, 2048] : [2048] }

    /// Palette order variants are worth trying from level 2 up.
    var triesPaletteOrders: Bool { level >= 2 }

    /// The compressor every trial goes through. Ranking at level 3 and finishing the best two
    /// at 12 gave the same bytes as level 12 throughout on the 12 PNGs of `make bench` and
    /// 0.02 % more on 207 corpus and fixture PNGs, in a third less time; levels 1, 2 and 4-9
    /// ranked worse (up to 0.3 % more bytes), 10 and 11 hardly faster, a third finalist won
    /// 0.003 % for 30 % more time (measured 2026-11-30).
    var ranker: Deflate.Backend { (2...3).contains(level) ? .libdeflate(level: 3) : finisher }

    /// How many of the best-ranked trials the finisher compresses again.
    var finalists: Int { level == 3 ? 2 : 1 }

    /// The compressor whose stream is written.
    var finisher: Deflate.Backend { level == 1 ? .libdeflate(level: 9) : .libdeflate(level: 12) }

    /// The second pass of levels 5 and 6.
    var zopfli: Deflate.Backend? {
        switch level {
        case 5: .zopfli(iterations: 15)
        case 6: .zopfli(iterations: 50)
        default: nil
        }
    }

    /// How many of the best trials also go through zopfli.
    var zopfliFinalists: Int { level == 6 ? 3 : 1 }
}
