/// Settings given in one place (a config file, one of its per-glob overrides, or the command
/// line): only what was given is set, and applying the patches in order gives the precedence.
public struct SettingsPatch: Sendable, Equatable {
    public var format: ImageFormat?
    public var quality: Int?
    /// Set when quality was given as MIN-MAX (pngquant's form), which also turns lossy PNG on.
    public var qualityRange: QualityRange?
    /// imgpress.toml's png-quality: the lossy PNG range alone (lossy PNG stays as `lossy` says).
    public var pngQuality: QualityRange?
    public var lossyPNG: Bool?
    public var lossless: Bool?
    public var subsampling: ChromaSubsampling?
    public var baseline: Bool?
    public var background: RGBColor?
    public var maxPixels: Int?
    public var minimumSaving: MinimumSaving?
    public var webpMethod: Int?
    public var effort: Int?
    public var metadata: MetadataPolicy?
    public var stripGPS: Bool?
    public var cleanAlpha: Bool?
    public var convertToSRGB: Bool?

    public init() {}

    public func apply(to settings: inout CompressionSettings) {
        if let format { settings.outputFormat = format }
        if let quality {
            settings.quality = quality
            settings.pngQuality = QualityRange(minimum: 0, maximum: quality)
        }
        if let qualityRange {
            settings.quality = qualityRange.maximum
            settings.pngQuality = qualityRange
            settings.pngLossy = true
        }
        if let pngQuality { settings.pngQuality = pngQuality }
        if let lossyPNG { settings.pngLossy = lossyPNG }
        if let lossless { settings.lossless = lossless }
        if let subsampling { settings.subsampling = subsampling }
        if let baseline { settings.progressive = !baseline }
        if let background { settings.background = background }
        if let maxPixels { settings.maxPixels = maxPixels }
        if let minimumSaving { settings.minimumSaving = minimumSaving }
        if let webpMethod { settings.webpMethod = webpMethod }
        if let effort { settings.effort = PNGEffort(level: effort) }
        if let metadata {
            let stripGPS = settings.metadata.stripGPS
            settings.metadata = metadata
            settings.metadata.stripGPS = stripGPS
        }
        if let stripGPS { settings.metadata.stripGPS = stripGPS }
        if let cleanAlpha { settings.cleanAlpha = cleanAlpha }
        if let convertToSRGB { settings.convertToSRGB = convertToSRGB }
    }

    /// The keys a config file may set, with the kind of value each takes.
    static let keys: [String: String] = [
        "format": "\"jpeg\", \"png\" or \"webp\"",
        "quality": "an integer from 0 to 100, or a range such as \"65-80\" (lossy PNG)", "lossy": "true or false",
        "png-quality": "a range such as \"65-80\" (lossy PNG's quality range, without turning lossy PNG on)",
        "lossless": "true or false", "subsampling": "\"auto\", \"420\", \"422\" or \"444\"", "baseline": "true or false",
        "background": "a colour such as \"#ffffff\"", "max-pixels": "a positive integer",
        "min-saving": "a string such as \"5%,1KiB\"", "webp-method": "an integer from 0 to 6",
        "effort": "an integer from 1 to 6",
        "keep-metadata": "\"none\", \"icc\", \"copyright\", \"all\" or a list such as \"icc,exif\"",
        "strip-gps": "true or false", "clean-alpha": "true or false", "srgb": "true or false",
    ]
}
