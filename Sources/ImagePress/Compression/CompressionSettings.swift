/// What the user asked for, independent of any one file.
public struct CompressionSettings: Sendable, Equatable {
    /// nil keeps each file's own format.
    public var outputFormat: ImageFormat?
    /// 0...100 on libjpeg's scale (also used for lossy WebP).
    public var quality: Int = 80
    /// JPEG → JPEG: re-optimize the entropy coding only; WebP output: lossless WebP.
    public var lossless: Bool = false
    public var subsampling: ChromaSubsampling = .auto
    public var progressive: Bool = true
    /// Where alpha has to go (JPEG output), it is composited over this colour.
    public var background: RGBColor = .white
    /// Threads one image's encoder may use: the CLI hands spare cores to each image when fewer
    /// images than cores are in flight. Output does not depend on it (not in the fingerprint).
    public var encoderThreads: Int = 1
    public var maxPixels: Int = PixelLimit.defaultMaximum
    /// libwebp's method: 0 fast ... 6 smallest (webp-method in imgpress.toml). nil follows the
    /// effort: 6 with sharp RGB→YUV from effort 3 (measured: 7 % fewer bytes than cwebp's
    /// defaults at equal SSIMULACRA2, at about twice its time), cwebp's 4 below.
    public var webpMethod: Int?

    /// The lossy WebP encoder settings this asks for.
    public var effectiveWebPMethod: Int { webpMethod ?? (effort.level >= 3 ? 6 : 4) }
    public var webpSharpYUV: Bool { effort.level >= 3 }
    /// Lossy JPEG: imgpress's trellis coder from effort 3; libjpeg-turbo's faster encoder below.
    public var jpegCoder: JPEGEncodeOptions.Coder { effort.level >= 3 ? .trellis : .libjpeg }
    /// Lossless WebP follows the effort on cwebp's `-z` scale (WebPLosslessLevel); webp-method,
    /// when set, overrides the method and keeps the level's effort.
    public var losslessWebP: WebPLosslessLevel.Settings {
        let settings = WebPLosslessLevel(effort: effort).settings
        return .init(method: webpMethod ?? settings.method, quality: settings.quality)
    }
    /// PNG output is lossless unless this is set (--lossy, or -q MIN-MAX): then libimagequant
    /// quantizes it to a palette within `pngQuality`.
    public var pngLossy: Bool = false
    public var pngQuality: QualityRange = .pngquantDefault
    /// How hard the lossless PNG optimizer and the JPEG scan search work (--effort 1...6).
    public var effort: PNGEffort = .standard
    /// Re-encoding a file that is already lossy (JPEG, lossy WebP) into the same format loses
    /// quality again; it is accepted only when it saves at least this much (--min-saving).
    public var minimumSaving: MinimumSaving = .standard
    /// What metadata survives (--keep-metadata, --strip-gps).
    public var metadata: MetadataPolicy = .standard
    /// Allow the colour under fully transparent pixels to change where it helps compression
    /// (lossy WebP, PNG); otherwise it is kept exactly.
    public var cleanAlpha: Bool = false
    /// Convert pixels to sRGB and drop the profile (--srgb), where pixels are re-encoded.
    public var convertToSRGB: Bool = false

    public init() {}
}
