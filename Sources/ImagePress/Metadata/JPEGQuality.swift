import CShims

/// Estimates the libjpeg quality setting a JPEG was saved with, from its luminance quantization
/// table: the quality whose IJG-scaled standard table (ITU-T T.81 Annex K.1) is closest, or,
/// when Robidoux's table (MozJPEG's default) or the trellis coder's own (Robidoux's with finer
/// low frequencies) fits better, that quality brought back to libjpeg's scale
/// (`JPEGQualityScale`), so our own output settles.
/// Used to refuse lossy re-encodes that cannot improve on the source: re-encoding a q75 file at
/// q80 only adds a second generation of loss.
public enum JPEGQuality {
    /// ITU-T T.81 Table K.1, the example luminance table, in natural (row-major) order.
    static let standardLuminance: [Int] = [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ]

    /// N. Robidoux's table, the coder's base (one copy, in ipx_jpeg_coder.c), natural order.
    static let robidouxLuminance: [Int] = withUnsafeBytes(of: ipx_robidoux_table) {
        $0.bindMemory(to: UInt32.self).map(Int.init)
    }

    /// The trellis coder's luma table (ipx_jpeg_coder.c), natural order.
    static let coderLuminance: [Int] = {
        var table = [UInt32](repeating: 0, count: 64)
        ipx_coder_luma_table(&table)
        return table.map(Int.init)
    }()

    /// For each position in a DQT segment (zigzag order), the natural-order index (T.81 Figure A.6;
    /// the coder's table, ipx_zigzag).
    static let zigzag: [Int] = withUnsafeBytes(of: ipx_zigzag) { $0.map(Int.init) }

    /// The estimated quality (1...100), or nil when the file has no luminance table to read.
    public static func estimate(_ data: [UInt8]) -> Int? {
        guard let table = luminanceTable(data) else { return nil }
        let standard = closest(table, base: standardLuminance)
        let robidouxFamily = [closest(table, base: coderLuminance), closest(table, base: robidouxLuminance)]
            .min { $0.error < $1.error }!
        return robidouxFamily.error < standard.error
            ? JPEGQualityScale.userQuality(forCoderQuality: robidouxFamily.quality) : standard.quality
    }

    private static func closest(_ table: [Int], base: [Int]) -> (quality: Int, error: Int) {
        var best = (quality: 1, error: Int.max)
        for quality in 1...100 {
            let scaled = scaledTable(base, quality: quality)
            var error = 0
            for index in 0..<64 { error += abs(scaled[index] - table[index]) }
            if error < best.error { best = (quality, error) }
        }
        return best
    }

    /// libjpeg's jpeg_quality_scaling and jpeg_add_quant_table with force_baseline.
    static func scaledTable(_ base: [Int] = standardLuminance, quality: Int) -> [Int] {
        let scale = quality < 50 ? 5000 / quality : 200 - quality * 2
        return base.map { min(max(($0 * scale + 50) / 100, 1), 255) }
    }

    /// Table 0 from the DQT segments, in natural order.
    static func luminanceTable(_ data: [UInt8]) -> [Int]? {
        for segment in JPEGMarkers.segments(0xDB, in: data) {
            var offset = segment.startIndex
            while offset < segment.endIndex {
                let precision = Int(segment[offset] >> 4)
                let id = Int(segment[offset] & 0x0F)
                let size = precision == 0 ? 64 : 128
                guard offset + 1 + size <= segment.endIndex else { return nil }
                if id == 0 {
                    var table = [Int](repeating: 0, count: 64)
                    for position in 0..<64 {
                        let value =
                            precision == 0
                            ? Int(segment[offset + 1 + position])
                            : Int(segment[offset + 1 + 2 * position]) << 8 | Int(segment[offset + 2 + 2 * position])
                        table[zigzag[position]] = value
                    }
                    return table
                }
                offset += 1 + size
            }
        }
        return nil
    }
}
