/// Lossless WebP effort on cwebp's `-z 0...9` scale, chosen from `--effort`.
///
/// Measured with cwebp on ten corpus PNGs (graphics, alpha, photos): -z 6 (cwebp's default)
/// 1,072,150 bytes in 1.0 s, -z 8 1,062,842 in 1.6 s, -z 9 1,037,714 in 49 s. So the default
/// effort takes -z 8, and only the highest effort pays thirty times the time for -z 9's 2.4 %.
public struct WebPLosslessLevel: Sendable, Equatable {
    public struct Settings: Sendable, Equatable {
        public let method: Int
        /// For lossless WebP, libwebp's quality is compression effort, not fidelity.
        public let quality: Int
    }

    public let level: Int

    public init(effort: PNGEffort) {
        switch effort.level {
        case 1: level = 5
        case 2: level = 6
        case 6: level = 9
        default: level = 8
        }
    }

    /// libwebp's own mapping of a level to method and quality (WebPConfigLosslessPreset).
    public var settings: Settings {
        let presets: [(Int, Int)] = [(0, 0), (1, 20), (2, 25), (3, 30), (3, 50), (4, 50), (4, 75), (4, 90), (5, 90), (6, 100)]
        let (method, quality) = presets[level]
        return Settings(method: method, quality: quality)
    }
}
