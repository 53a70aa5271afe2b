import CShims

/// How hard the PNG optimizer searches (`--effort 1...6`, like oxipng's `-o`). Higher levels
/// try more row-filter strategies, each compressed with libdeflate at full strength; 5 and 6
/// compress the best few again with zopfli. The default (3) is the level `make bench` shows
/// beating oxipng -o4 bytes; the README has the measured bytes and times of every level.
public struct PNGEffort: Sendable, Equatable {
    public static let range = 1...6
    public static let standard = PNGEffort(level: 3)

    public let level: Int

    public init(level: Int) {
        self.level = min(max(level, Self.range.lowerBound), Self.range.upperBound)
    }

    /// Filter strategies (IPX_FILTER_*) to try on a candidate. Palette and low-bit images are
    /// usually smallest unfiltered, photos with a per-row heuristic.
    func filters(paletteOrLowBit: Bool) -> [Int32] {
        let none = Int32(IPX_FILTER_NONE)
        let heuristics = [IPX_FILTER_MINSUM, IPX_FILTER_ENTROPY, IPX_FILTER_BIGRAMS].map(Int32.init)
        let fixed = [IPX_FILTER_SUB, IPX_FILTER_UP, IPX_FILTER_AVERAGE, IPX_FILTER_PAETH].map(Int32.init)
        switch level {
        case 1: return [paletteOrLowBit ? none : Int32(IPX_FILTER_MINSUM)]
        case 2: return [none, Int32(IPX_FILTER_MINSUM), Int32(IPX_FILTER_ENTROPY)]
        case 3: return [none, Int32(IPX_FILTER_SUB)] + heuristics + [Int32(IPX_FILTER_BRUTE)]
        default: return [none] + fixed + heuristics + [Int32(IPX_FILTER_BRUTE)]
        }
    }

    /// Palette order variants are worth trying from level 2 up.
    var triesPaletteOrders: Bool { level >= 2 }

    /// The compressor every trial goes through.
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
