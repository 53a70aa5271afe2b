import CShims
import Testing

@testable import ImagePress

/// The row filters of the PNG optimizer against an unfilter written from the PNG specification
/// (section 9), on the reductions of real fixtures: palettes and low-bit gray (one byte per
/// pixel or less), gray with alpha, RGB, RGBA and 16-bit samples.
struct PNGFilterTests {
    static let fixtures = ["png/palette.png", "png/gray1-interlaced.png", "png/graya8.png", "png/hopper.png",
                           "png/rgba.png", "png/rgb16.png", "png/rgba16.png"]
    static let strategies = Int32(IPX_FILTER_NONE)...Int32(IPX_FILTER_BRUTE)

    @Test(arguments: fixtures)
    func everyStrategyUnfiltersToTheOriginalRows(path: String) throws {
        let image = try PNGCodec.decode(TestImages.bytes(path))
        for candidate in PNGReduction.candidates(for: image, effort: .standard) {
            let rows = candidate.packedRows
            var typesSeen = Set<UInt8>()
            for strategy in Self.strategies {
                let filtered = try Self.filter(rows, candidate, strategy: strategy)
                let types = stride(from: 0, to: filtered.count, by: candidate.rowBytes + 1).map { filtered[$0] }
                if strategy <= Int32(IPX_FILTER_PAETH) {
                    #expect(types.allSatisfy { Int32($0) == strategy }, "\(path): every row takes filter \(strategy)")
                }
                typesSeen.formUnion(types)
                #expect(
                    Self.unfilter(filtered, rowBytes: candidate.rowBytes, distance: candidate.filterDistance) == rows,
                    "\(path), colour type \(candidate.colorType)/\(candidate.bitDepth), strategy \(strategy)")
            }
            #expect(typesSeen == [0, 1, 2, 3, 4], "\(path): the fixed strategies cover all five filters")
        }
    }

    @Test func adaptiveStrategiesMixFiltersOnAPhoto() throws {
        let image = try PNGCodec.decode(TestImages.bytes("png/hopper.png"))
        let candidate = try #require(PNGReduction.candidates(for: image, effort: .standard).first)
        for strategy in [IPX_FILTER_MINSUM, IPX_FILTER_ENTROPY, IPX_FILTER_BIGRAMS, IPX_FILTER_BRUTE].map(Int32.init) {
            let filtered = try Self.filter(candidate.packedRows, candidate, strategy: strategy)
            let types = Set(stride(from: 0, to: filtered.count, by: candidate.rowBytes + 1).map { filtered[$0] })
            #expect(types.count >= 2, "strategy \(strategy) chose per row: \(types.sorted())")
        }
    }

    private static func filter(_ rows: [UInt8], _ candidate: PNGReduction.Candidate, strategy: Int32) throws -> [UInt8] {
        let count = candidate.height * (candidate.rowBytes + 1)
        var out = [UInt8](repeating: 0, count: count)
        var status = ipx_status()
        let code = ipx_png_filter(
            rows, UInt32(candidate.height), candidate.rowBytes, Int32(candidate.filterDistance), strategy, 2048, &out,
            &status)
        try #require(code == IPX_OK)
        return out
    }

    /// PNG's reconstruction: a, b, c are the left, upper and upper-left bytes `distance` apart.
    private static func unfilter(_ filtered: [UInt8], rowBytes: Int, distance: Int) -> [UInt8] {
        var rows = [UInt8]()
        let height = filtered.count / (rowBytes + 1)
        for y in 0..<height {
            let type = filtered[y * (rowBytes + 1)]
            let start = rows.count
            for i in 0..<rowBytes {
                let x = Int(filtered[y * (rowBytes + 1) + 1 + i])
                let a = i >= distance ? Int(rows[start + i - distance]) : 0
                let b = y > 0 ? Int(rows[start - rowBytes + i]) : 0
                let c = y > 0 && i >= distance ? Int(rows[start - rowBytes + i - distance]) : 0
                let predicted: Int
                switch type {
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: predicted = 0
                }
                rows.append(UInt8((x + predicted) & 0xFF))
            }
        }
        return rows
    }
}
