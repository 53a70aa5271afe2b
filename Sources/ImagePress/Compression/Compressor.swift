/// The per-image policy: decode, encode the candidates the settings allow, pick one, and apply
/// the never-larger and no-generation-loss rules. Works on memory only; writing is not its job.
public enum Compressor {
    public static func compress(_ data: [UInt8], settings: CompressionSettings) throws -> CompressionResult {
        let format = try ImageDecoder.format(of: data)
        let target = settings.outputFormat ?? format
        var result =
            switch (format, target) {
            case (.jpeg, .jpeg): try recompressJPEG(data, settings: settings)
            default: try transcode(data, from: format, to: target, settings: settings)
            }
        // Never larger: within one format, an output that is not smaller is not worth writing.
        if format == target && result.method != .original && result.bytes.count >= data.count {
            result.bytes = data
            result.method = .original
            result.keptReason = "no smaller encoding found"
        }
        return result
    }

    /// JPEG → JPEG. The lossless optimization is always a candidate; a lossy re-encode replaces it
    /// only when it saves enough to be worth a second generation of loss.
    private static func recompressJPEG(_ data: [UInt8], settings: CompressionSettings) throws -> CompressionResult {
        let info = try JPEGCodec.readInfo(data)
        try PixelLimit.check(width: info.width, height: info.height, maximum: settings.maxPixels)
        let orientation = JPEGMarkers.orientation(in: data) ?? .up
        let (width, height) = orientation.swapsDimensions ? (info.height, info.width) : (info.width, info.height)
        var result = CompressionResult(
            inputFormat: .jpeg, outputFormat: .jpeg, width: width, height: height, bytes: [], method: .jpegLossless)
        // A source saved at or below the requested quality cannot gain from a lossy re-encode:
        // it would only lose again (and our own output would never settle on re-runs).
        let sourceQuality = JPEGQuality.estimate(data)
        if !settings.lossless && sourceQuality.map({ $0 > settings.quality }) ?? true {
            let image = orientation.applied(to: try JPEGCodec.decode(data, maxPixels: settings.maxPixels))
            let lossy = try JPEGCodec.encode(
                PixelConversions.forJPEG(image, background: settings.background), options: jpegOptions(settings))
            if worthLossyReencode(lossy.count, input: data.count, settings) {
                result.bytes = lossy
                result.method = .jpegLossy(quality: settings.quality)
                // Rebuilding Huffman tables saves at most about a quarter of the entropy-coded
                // data; when the re-encode is already below that, the lossless pass cannot win.
                if lossy.count < JPEGMarkers.entropyCodedSize(of: data) * 3 / 4 { return result }
            }
        }
        // The coefficients keep their stored orientation, so the tag must stay with them.
        let keptExif = orientation == .up ? nil : ExifReader.minimalBlock(orientation: orientation)
        let lossless = try JPEGCodec.optimizeLosslessly(
            data, progressive: settings.progressive, keepICC: true, exif: keptExif)
        if result.bytes.isEmpty || lossless.count <= result.bytes.count {
            result.bytes = lossless
            result.method = .jpegLossless
        }
        return result
    }

    private static func worthLossyReencode(_ output: Int, input: Int, _ settings: CompressionSettings) -> Bool {
        settings.minimumSaving.isMet(input: input, output: output)
    }

    private static func jpegOptions(_ settings: CompressionSettings) -> JPEGEncodeOptions {
        JPEGEncodeOptions(
            quality: settings.quality, subsampling: settings.subsampling,
            progressive: settings.progressive)
    }

    /// Everything that goes through pixels: PNG and WebP inputs, and any format conversion.
    private static func transcode(
        _ data: [UInt8], from format: ImageFormat, to target: ImageFormat,
        settings: CompressionSettings
    ) throws -> CompressionResult {
        var image = try ImageDecoder.decode(data, as: format, maxPixels: settings.maxPixels)
        if format == .jpeg, let orientation = JPEGMarkers.orientation(in: data) {
            image = orientation.applied(to: image)  // the tag is not carried over, so apply it
        }
        var result = CompressionResult(
            inputFormat: format, outputFormat: target, width: image.width,
            height: image.height, bytes: [], method: .original)
        switch target {
        case .jpeg:
            result.bytes = try JPEGCodec.encode(
                PixelConversions.forJPEG(image, background: settings.background),
                options: jpegOptions(settings))
            result.method = .jpegLossy(quality: settings.quality)
        case .png:
            result.bytes = try PNGCodec.encode(image)
            try verify(result.bytes, decodesTo: image, format: .png)
            result.method = .pngLossless
        case .webp:
            let source = PixelConversions.forWebP(image)
            // Recompressing a lossless WebP never makes it lossy; converting to WebP may.
            let inputIsLossless = format == .webp ? try WebPCodec.readInfo(data).isLossless : false
            let lossless = settings.lossless || inputIsLossless
            // For lossless WebP, quality is libwebp's effort (as with cwebp -lossless -q).
            let options = WebPEncodeOptions(
                quality: settings.quality, method: settings.webpMethod,
                lossless: lossless, exact: lossless)
            result.bytes = try WebPCodec.encode(source, options: options)
            if lossless {
                try verify(result.bytes, decodesTo: source, format: .webp)
                result.method = .webpLossless
            } else {
                result.method = .webpLossy(quality: settings.quality)
                if format == .webp, !worthLossyReencode(result.bytes.count, input: data.count, settings) {
                    result.bytes = data
                    result.method = .original
                    result.keptReason =
                        "a lossy re-encode would save less than --min-saving (\(settings.minimumSaving))"
                }
            }
        }
        return result
    }

    /// Lossless outputs are decoded again and compared with their source before anyone writes them.
    private static func verify(_ encoded: [UInt8], decodesTo source: PixelBuffer, format: ImageFormat) throws {
        let decoded = try ImageDecoder.decode(encoded, as: format, maxPixels: Int.max)
        guard PixelComparison.samePixels(source, decoded) else {
            throw ImagePressError.verificationFailed(format: format)
        }
    }
}
