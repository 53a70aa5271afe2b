/// `-q` means libjpeg-turbo's quality scale whichever coder writes the JPEG: equal `-q` gives
/// about equal SSIMULACRA2. The trellis coder's tables and quantization lose differently from
/// libjpeg's, so its own quality setting is read off a curve measured with make bench's
/// photos: for each libjpeg quality, the coder quality whose mean SSIMULACRA2 is the same.
public enum JPEGQualityScale {
    /// (libjpeg-turbo quality, trellis coder quality of equal mean SSIMULACRA2); in between,
    /// linear interpolation.
    /// Measured 2026-11-30 on the six reference photos of bench/common.py (`cjpeg -optimize
    /// -progressive` at each quality against the coder at every even quality 20-98, with the
    /// coder's tilted tables, finer low frequencies, tilted error weights and masking); rounded
    /// to whole qualities, monotonic.
    static let measured: [(user: Int, coder: Int)] = [
        (1, 1), (30, 27), (40, 36), (50, 45), (60, 51), (70, 62), (75, 66), (80, 71), (85, 78), (90, 86),
        (95, 90), (98, 93), (100, 100),
    ]

    public static func coderQuality(forUserQuality quality: Int, coder: JPEGEncodeOptions.Coder) -> Int {
        let quality = quality.clamped(to: 1...100)
        guard coder == .trellis else { return quality }
        return interpolate(quality, from: measured.map { ($0.user, $0.coder) })
    }

    /// The inverse: the `-q` a trellis-coded file was written with, from its coder quality.
    public static func userQuality(forCoderQuality quality: Int) -> Int {
        interpolate(quality.clamped(to: 1...100), from: measured.map { ($0.coder, $0.user) })
    }

    private static func interpolate(_ x: Int, from points: [(Int, Int)]) -> Int {
        guard let upper = points.firstIndex(where: { $0.0 >= x }) else { return points.last!.1 }
        if upper == 0 || points[upper].0 == x { return points[upper].1 }
        let (x0, y0) = points[upper - 1], (x1, y1) = points[upper]
        let y = Double(y0) + Double(y1 - y0) * Double(x - x0) / Double(x1 - x0)
        return Int(y.rounded()).clamped(to: 1...100)
    }
}
