import ArgumentParser
import ImagePress

/// How images are encoded. Every value is optional here: what is not given on the command line
/// comes from imgpress.toml, then from the built-in defaults shown in the help.
struct EncodingOptions: ParsableArguments {
    @Option(
        name: [.customShort("f", allowingJoined: true), .long],
        help: ArgumentHelp(
            "Output format: jpeg, png or webp. Default: the -o file's extension, else the "
                + "input's format.", valueName: "format"))
    var format: ImageFormat?

    // Short options that take a value also take it joined (-q80, -O4, -j1, -fwebp), as
    // jpegoptim's -m80 and oxipng's -o4 do: AP reads -q80 as the flags -q, -8 and -0 otherwise.
    @Option(
        name: [.customShort("q", allowingJoined: true), .long],
        help: ArgumentHelp(
            "Quality for lossy JPEG and WebP, 0-100 (default: 80). MIN-MAX (pngquant's form, "
                + "e.g. 65-80) also makes PNG lossy: refused, original kept, below MIN.",
            valueName: "quality"))
    var quality: String?

    @Flag(
        inversion: .prefixedNo,
        help: "Lossy PNG: quantize to at most 256 colours with libimagequant (quality range 0-100, or -q).")
    var lossy: Bool?

    @Flag(
        inversion: .prefixedNo,
        help: "JPEG → JPEG: re-optimize without changing a pixel. WebP output: lossless WebP.")
    var lossless: Bool?

    @Option(
        help:
            "JPEG chroma subsampling: auto (4:4:4 for fine colour detail, else 4:2:0), 420, 422 or 444 (default: auto)."
    )
    var subsampling: ChromaSubsampling?

    @Flag(inversion: .prefixedNo, help: "Write baseline (non-progressive) JPEG.")
    var baseline: Bool?

    @Option(
        name: [.customShort("O", allowingJoined: true), .long],
        help: ArgumentHelp(
            "How hard to search for smaller lossless PNG, JPEG scan scripts and WebP, 1-6, like "
                + "oxipng's -o; 5 and 6 use zopfli and are slow; 1 and 2 write JPEG with "
                + "libjpeg-turbo's faster encoder (default: \(PNGEffort.standard.level)).",
            valueName: "level"))
    var effort: Int?

    @Option(
        help: ArgumentHelp(
            "Colour under transparent areas when writing JPEG: #rrggbb, #rgb, white or black "
                + "(default: white).", valueName: "colour"))
    var background: String?

    @Option(
        help: ArgumentHelp(
            "Refuse images larger than this many pixels, a guard against decompression "
                + "bombs (default: 268435456).", valueName: "count"))
    var maxPixels: Int?

    @Option(
        help: ArgumentHelp(
            "Smallest saving worth a lossy re-encode of a lossy file, and that --check "
                + "reports (default: 5%,1KiB).", valueName: "percent,size"))
    var minSaving: String?

    @Option(
        help: ArgumentHelp(
            "Metadata to keep: none, icc, copyright, all, or a list of icc, exif, xmp, iptc, "
                + "comment, app (default: icc; EXIF orientation is applied to the pixels).",
            valueName: "what"))
    var keepMetadata: String?

    @Flag(inversion: .prefixedNo, help: "With kept EXIF/XMP: remove the GPS position.")
    var stripGps: Bool?

    @Flag(
        inversion: .prefixedNo,
        help: "Let the colour of fully transparent pixels change where it compresses better (lossy WebP, PNG).")
    var cleanAlpha: Bool?

    @Flag(
        inversion: .prefixedNo,
        help: "Convert re-encoded pixels to sRGB with their ICC profile (Little CMS) and drop the profile.")
    var srgb: Bool?

    func validate() throws {
        if let keepMetadata, MetadataPolicy(parsing: keepMetadata) == nil {
            throw ValidationError(
                "--keep-metadata takes none, icc, copyright, all, or a list of icc, exif, xmp, iptc, comment, app")
        }
        if let quality, QualityRange(parsing: quality) == nil {
            throw ValidationError("--quality takes 0-100, or a range MIN-MAX such as 65-80")
        }
        if let background, RGBColor(parsing: background) == nil {
            throw ValidationError("--background takes #rrggbb, #rgb, white or black, not '\(background)'")
        }
        if let effort, !PNGEffort.range.contains(effort) { throw ValidationError("--effort must be between 1 and 6") }
        if let maxPixels, maxPixels <= 0 { throw ValidationError("--max-pixels must be positive") }
        if let minSaving, MinimumSaving(parsing: minSaving) == nil {
            throw ValidationError("--min-saving takes a percentage and/or a size, such as 5%,1KiB")
        }
    }

    /// What the command line sets. A single output file's extension names the format unless -f does.
    func patch(singleOutputFile: String?) -> SettingsPatch {
        var patch = SettingsPatch()
        patch.format = format
        if format == nil, let path = singleOutputFile { patch.format = ImageFormat(fileName: path) }
        if let quality, let range = QualityRange(parsing: quality) {
            if QualityRange.isRange(quality) { patch.qualityRange = range } else { patch.quality = range.maximum }
        }
        patch.lossyPNG = lossy
        patch.lossless = lossless
        patch.subsampling = subsampling
        patch.baseline = baseline
        patch.background = background.flatMap(RGBColor.init(parsing:))
        patch.maxPixels = maxPixels
        patch.effort = effort
        patch.minimumSaving = minSaving.flatMap(MinimumSaving.init(parsing:))
        patch.metadata = keepMetadata.flatMap(MetadataPolicy.init(parsing:))
        patch.stripGPS = stripGps
        patch.cleanAlpha = cleanAlpha
        patch.convertToSRGB = srgb
        return patch
    }
}
