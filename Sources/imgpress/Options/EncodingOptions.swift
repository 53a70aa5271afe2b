import ArgumentParser
import ImagePress

/// How images are encoded.
struct EncodingOptions: ParsableArguments {
    @Option(
        name: [.customShort("f"), .long],
        help: ArgumentHelp(
            "Output format: jpeg, png or webp. Default: the -o file's extension, else the "
                + "input's format.", valueName: "format"))
    var format: ImageFormat?

    @Option(name: .shortAndLong, help: "Quality for lossy JPEG and WebP, 0-100.")
    var quality: Int = 80

    @Flag(help: "JPEG → JPEG: re-optimize without changing a pixel. WebP output: lossless WebP.")
    var lossless = false

    @Option(help: "JPEG chroma subsampling: 420, 422 or 444.")
    var subsampling: ChromaSubsampling = .s420

    @Flag(help: "Write baseline (non-progressive) JPEG.")
    var baseline = false

    @Option(
        help: ArgumentHelp(
            "Colour under transparent areas when writing JPEG: #rrggbb, white or black.",
            valueName: "colour"))
    var background: String = "white"

    @Option(
        help: ArgumentHelp(
            "Refuse images larger than this many pixels (a guard against decompression bombs).",
            valueName: "count"))
    var maxPixels: Int = PixelLimit.defaultMaximum

    func validate() throws {
        guard (0...100).contains(quality) else { throw ValidationError("--quality must be between 0 and 100") }
        guard RGBColor(parsing: background) != nil else {
            throw ValidationError("--background takes #rrggbb, #rgb, white or black, not '\(background)'")
        }
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
    }

    /// `-f` wins; otherwise a single output file's extension names the format.
    func settings(singleOutputFile: String?) -> CompressionSettings {
        var settings = CompressionSettings()
        settings.outputFormat = format
        if format == nil, let path = singleOutputFile, let dot = path.lastIndex(of: "."),
            !path[dot...].contains("/")
        {
            settings.outputFormat = ImageFormat(fileExtension: String(path[path.index(after: dot)...]))
        }
        settings.quality = quality
        settings.lossless = lossless
        settings.subsampling = subsampling
        settings.progressive = !baseline
        settings.background = RGBColor(parsing: background) ?? .white
        settings.maxPixels = maxPixels
        return settings
    }
}
