/// The per-image policy: decode, encode the candidates the settings allow, pick one, and apply
/// the never-larger, no-generation-loss and metadata rules. Works on memory only; writing is not
/// its job.
public enum Compressor {
    public static func compress(_ data: [UInt8], settings: CompressionSettings) throws -> CompressionResult {
        let format = try ImageDecoder.format(of: data)
        let target = settings.outputFormat ?? format
        if settings.lossless && target == .jpeg && format != .jpeg { throw ImagePressError.losslessJPEGFrom(format) }
        var source = Source(data: data, format: format, metadata: MetadataReader.read(data, format: format))
        // Keeping the original must not mean keeping its GPS position: the fallback is the
        // original with its container stripped, and savings are measured against that, so a
        // file is not re-encoded (and loses quality) just because its metadata was large. A
        // conversion to another format never falls back to the original, nor weighs savings
        // against it, so it skips the copy.
        let stripped = format == target ? strippedOriginal(source, settings: settings) : nil
        if let bytes = stripped?.bytes, bytes.count < data.count { source.baseline = bytes.count }
        var result =
            switch (format, target) {
            case (.jpeg, .jpeg): try recompressJPEG(source, settings: settings)
            case (.webp, .webp):
                try keptLossyWebP(source, settings: settings) ?? transcode(source, to: target, settings: settings)
            default: try transcode(source, to: target, settings: settings)
            }
        // Never larger: within one format, an output that is not smaller is not worth writing;
        // a conversion the user asked for (format, or colours to sRGB) is written regardless.
        let converting = format != target || result.convertedColours
        if !converting && result.method != .original && result.bytes.count >= source.baseline {
            result.bytes = data
            result.method = .original
            result.keptReason = neverLargerReason
        }
        if result.method == .original, let stripped, stripped.bytes == nil {
            // Keeping (or copying) the original would keep what the settings remove, a GPS
            // position perhaps, and the container is too damaged to take it out.
            throw ImagePressError.corrupt(
                format: format,
                detail: "its container is damaged (\(stripped.removed.joined(separator: ", ")) cannot be removed), "
                    + "so it is not kept as it is")
        }
        // Equal size counts: erasing a GPS position in place keeps the block's size, and keeping
        // the original would keep the position.
        if result.method == .original, let stripped, let bytes = stripped.bytes, bytes.count <= data.count,
            bytes != data
        {
            // WebP image data can run past its chunk and still decode, reading the metadata after
            // it; without that metadata it would not. The rewritten file must decode on its own.
            if format == .webp {
                do {
                    _ = try WebPCodec.decode(bytes, maxPixels: settings.maxPixels)
                } catch {
                    throw ImagePressError.corrupt(
                        format: .webp,
                        detail: "its image data runs past its chunk and does not decode without the metadata after it")
                }
            }
            result.bytes = bytes
            result.method = .metadataStripped
            result.metadataRemoved = stripped.removed
            // The image data is the original's; a refusal (lossy PNG below MIN) still says why.
            if result.keptReason == neverLargerReason { result.keptReason = nil }
        } else if result.method == .original {
            result.metadataRemoved = []
        }
        if result.method != .original { try OutputCompleteness.check(result.bytes, format: result.outputFormat) }
        return result
    }

    /// Whether an ICC profile goes into the output. A profile that behaves exactly as sRGB (checked
    /// through Little CMS) tells a viewer nothing it would not assume: JPEG and WebP drop it, and
    /// PNG stores it as the one-byte sRGB chunk. `--keep-metadata all` keeps it byte for byte.
    static func keepsProfile(_ profile: [UInt8]?, in target: ImageFormat, _ settings: CompressionSettings) -> Bool {
        guard let profile, settings.metadata.keepICC else { return false }
        if target == .png || settings.metadata.keepEXIF { return true }
        return !ColorManagement.behavesAsSRGB(profile)
    }

    private static let neverLargerReason = "no smaller encoding found"

    /// The input with what it was read as, shared by the paths below.
    struct Source {
        var data: [UInt8]
        var format: ImageFormat
        var metadata: ImageMetadata
        /// The size to beat: the input, or the input with its removable metadata stripped.
        var baseline: Int

        init(data: [UInt8], format: ImageFormat, metadata: ImageMetadata) {
            self.data = data
            self.format = format
            self.metadata = metadata
            baseline = data.count
        }

        var orientation: Orientation { metadata.orientation ?? .up }
    }

    /// JPEG → JPEG. The lossless optimization is always a candidate; a lossy re-encode replaces it
    /// only when it saves enough to be worth a second generation of loss.
    private static func recompressJPEG(_ source: Source, settings: CompressionSettings) throws -> CompressionResult {
        let data = source.data
        let info = try JPEGCodec.readInfo(data)
        try PixelLimit.check(width: info.width, height: info.height, maximum: settings.maxPixels)
        let orientation = source.orientation
        let (width, height) = orientation.swapsDimensions ? (info.height, info.width) : (info.width, info.height)
        var result = CompressionResult(
            inputFormat: .jpeg, outputFormat: .jpeg, width: width, height: height, bytes: [], method: .jpegLossless)
        // A source saved at or below the requested quality cannot gain from a lossy re-encode:
        // it would only lose again (and our own output would never settle on re-runs). CMYK
        // stays CMYK, which only the lossless path keeps.
        let sourceQuality = JPEGQuality.estimate(data)
        // Decided once: the sRGB check runs the profile through Little CMS.
        let keepsFileProfile = keepsProfile(info.iccProfile, in: .jpeg, settings)
        // --srgb with a profile that is not sRGB (by name, or by how it maps colours) changes the
        // pixels, so it needs a re-encode.
        let mustConvert =
            settings.convertToSRGB && info.colorFamily == .rgb
            && info.iccProfile.map { !ICCProfileInfo.isSRGB($0) && !ColorManagement.behavesAsSRGB($0) } ?? false
        // Asked for both, the user gets neither silently: the conversion would re-encode.
        if mustConvert && settings.lossless { throw ImagePressError.losslessColourConversion }
        if mustConvert
            || !settings.lossless && info.colorFamily != .cmyk && sourceQuality.map({ $0 > settings.quality }) ?? true
        {
            var image = orientation.applied(to: try JPEGCodec.decode(data, maxPixels: settings.maxPixels))
            if settings.convertToSRGB { image = try ColorManagement.convertedToSRGB(image) }
            // Converted pixels have no profile left to keep; a damaged one was never read.
            let plan = settings.metadata.plan(
                source.metadata,
                dropsICC: source.metadata.hasICC && !(image.color.iccProfile != nil && keepsFileProfile),
                target: .jpeg, orientationApplied: true, keepOrientation: nil)
            if !keepsFileProfile { image.color.iccProfile = nil }
            let lossy = try encodeJPEG(image, settings: settings, metadata: plan.embedded)
            if mustConvert || settings.minimumSaving.isMet(input: source.baseline, output: lossy.count) {
                result.bytes = lossy
                result.method = .jpegLossy(quality: settings.quality)
                result.convertedColours = mustConvert
                result.metadataRemoved = plan.removed
                // Rebuilding Huffman tables saves at most about a quarter of the entropy-coded
                // data; when the re-encode is already below that, the lossless pass cannot win.
                if mustConvert || lossy.count < JPEGMarkers.entropyCodedSize(of: data) * 3 / 4 { return result }
            }
        }
        // The coefficients keep their stored orientation, so the tag must stay with them.
        // An sRGB profile under --srgb changes nothing, so it may go; a gray or CMYK one stays,
        // as on the re-encode path (the pixels mean nothing without it).
        let keepICC =
            keepsFileProfile && !(settings.convertToSRGB && info.iccProfile.map(ICCProfileInfo.isSRGB) == true)
        let plan = settings.metadata.plan(
            source.metadata, dropsICC: source.metadata.hasICC && !(info.iccProfile != nil && keepICC), target: .jpeg,
            orientationApplied: false,
            keepOrientation: orientation == .up ? nil : orientation)
        let lossless = try JPEGCodec.optimizeLosslessly(
            data, progressive: settings.progressive, keepICC: keepICC, metadata: plan.embedded,
            effort: settings.effort, threads: settings.encoderThreads)
        if result.bytes.isEmpty || lossless.count <= result.bytes.count {
            result.bytes = lossless
            result.method = .jpegLossless
            result.metadataRemoved = plan.removed
        }
        return result
    }

    /// Lossy JPEG from pixels, then, where the lossless path would find more, that search, so a
    /// later lossless pass finds nothing left to gain and re-runs settle. The coder already picks
    /// its scans with the search's estimate, so at the default effort what remains is baseline
    /// for small files, which the encoder writes from its own coefficients alongside the
    /// progressive file (re-reading the file to write it took 8-10 % of a 512x512 photo's
    /// time); from effort 4 the whole search runs, with libjpeg's own script.
    private static func encodeJPEG(_ image: PixelBuffer, settings: CompressionSettings, metadata: EmbeddedMetadata)
        throws -> [UInt8]
    {
        var options = jpegOptions(settings)
        if settings.effort.level == 3 { options.baselineTrialMaximum = JPEGCodec.baselineTrialMaximum }
        var pixels = PixelConversions.forJPEG(image, background: settings.background)
        // Gray with alpha flattened onto a coloured background becomes colour, which a gray
        // profile cannot describe: such pixels go through the profile to sRGB first, as for WebP.
        if image.layout.isGray && !pixels.layout.isGray {
            pixels = PixelConversions.forJPEG(try ColorManagement.grayToSRGB(image), background: settings.background)
        }
        let encoded = try JPEGCodec.encode(pixels, options: options, metadata: metadata)
        guard settings.progressive, settings.effort.level >= 4 else { return encoded }
        let alternative = try JPEGCodec.optimizeLosslessly(
            encoded, progressive: true, keepICC: true, metadata: metadata, effort: settings.effort,
            threads: settings.encoderThreads)
        return alternative.count < encoded.count ? alternative : encoded
    }

    private static func jpegOptions(_ settings: CompressionSettings) -> JPEGEncodeOptions {
        let coder = settings.jpegCoder
        return JPEGEncodeOptions(
            quality: JPEGQualityScale.coderQuality(forUserQuality: settings.quality, coder: coder),
            subsampling: settings.subsampling, progressive: settings.progressive, coder: coder,
            threads: settings.encoderThreads)
    }

    /// Everything that goes through pixels: PNG and WebP inputs, and any format conversion.
    private static func transcode(_ source: Source, to target: ImageFormat, settings: CompressionSettings) throws
        -> CompressionResult
    {
        let data = source.data
        let format = source.format
        // The Orientation tag is applied to the pixels, so the output needs none.
        var image = source.orientation.applied(
            to: try ImageDecoder.decode(data, as: format, maxPixels: settings.maxPixels))
        var convertedColours = false
        // A profile too damaged to read is gone as surely as a dropped one.
        let hadProfile = image.color.iccProfile != nil || source.metadata.hasICC
        if settings.convertToSRGB {
            let profile = image.color.iccProfile
            image = try ColorManagement.convertedToSRGB(image)
            if let profile, image.color.iccProfile == nil { convertedColours = !ICCProfileInfo.isSRGB(profile) }
        }
        let keepsImageProfile = keepsProfile(image.color.iccProfile, in: target, settings)
        let plan = settings.metadata.plan(
            source.metadata, dropsICC: hadProfile && !(image.color.iccProfile != nil && keepsImageProfile),
            target: target, orientationApplied: true, keepOrientation: nil)
        if !keepsImageProfile { image.color.iccProfile = nil }
        var result = CompressionResult(
            inputFormat: format, outputFormat: target, width: image.width, height: image.height, bytes: [],
            method: .original, metadataRemoved: plan.removed)
        result.convertedColours = convertedColours
        switch target {
        case .jpeg:
            result.bytes = try encodeJPEG(image, settings: settings, metadata: plan.embedded)
            result.method = .jpegLossy(quality: settings.quality)
        case .png:
            let pixels = settings.cleanAlpha ? PixelConversions.clearingTransparentColor(image) : image
            if settings.pngLossy && !PNGQuantizer.fitsInPalette(pixels) {
                let range = settings.pngQuality
                if let quantized = try PNGQuantizer.quantize(pixels, range: range, effort: settings.effort) {
                    result.bytes = try PNGCodec.encode(
                        quantized.image, metadata: plan.embedded, effort: settings.effort,
                        profileAsSRGBChunk: !settings.metadata.keepEXIF, quantized: true)
                    try verify(result.bytes, decodesTo: quantized.image, format: .png)
                    result.method = .pngLossy(quality: quantized.quality)
                    // The palette is not always the smaller file: the exact pixels took fewer
                    // bytes on 40 of 207 corpus PNGs, all under 64K pixels (16-bit and
                    // interlaced test images among them). There, and where the PNG itself is
                    // within twice the palette's size, lossless is tried too and wins ties.
                    if pixels.pixelCount <= 65_536 || (format == .png && data.count < 2 * result.bytes.count) {
                        let exact = try PNGCodec.encode(
                            pixels, metadata: plan.embedded, effort: settings.effort,
                            profileAsSRGBChunk: !settings.metadata.keepEXIF)
                        if exact.count <= result.bytes.count {
                            try verify(exact, decodesTo: pixels, format: .png)
                            result.bytes = exact
                            result.method = .pngLossless
                        }
                    }
                    return result
                }
                // pngquant's rule: below MIN nothing is written. A PNG keeps its original; a
                // conversion to PNG (which must produce a PNG) falls back to lossless.
                if format == .png {
                    result.bytes = data
                    result.method = .original
                    result.keptReason = "lossy PNG could not reach the minimum quality \(range.minimum) (-q \(range))"
                    return result
                }
            }
            result.bytes = try PNGCodec.encode(
                pixels, metadata: plan.embedded, effort: settings.effort,
                profileAsSRGBChunk: !settings.metadata.keepEXIF)
            try verify(result.bytes, decodesTo: pixels, format: .png)
            result.method = .pngLossless
        case .webp:
            let pixels = PixelConversions.forWebP(try ColorManagement.grayToSRGB(image))
            // Recompressing a lossless WebP never makes it lossy; converting to WebP may.
            let inputIsLossless = format == .webp ? try WebPCodec.readInfo(data).isLossless : false
            let lossless = settings.lossless || inputIsLossless
            let options =
                lossless
                ? losslessWebPOptions(settings)
                : WebPEncodeOptions(
                    quality: settings.quality, method: settings.effectiveWebPMethod,
                    exact: !settings.cleanAlpha, sharpYUV: settings.webpSharpYUV)
            result.bytes = try WebPCodec.encode(pixels, options: options, metadata: plan.embedded)
            if lossless {
                if !settings.cleanAlpha { try verify(result.bytes, decodesTo: pixels, format: .webp) }
                result.method = .webpLossless
            } else {
                result.method = .webpLossy(quality: settings.quality)
                // Flat graphics are often smaller as lossless WebP than as lossy, and lossless
                // meets any quality floor. Worth trying when the PNG itself (a lossless size) is
                // within twice the lossy result; photos, far above that, skip the slow encode.
                if format == .png && data.count < result.bytes.count * 2 {
                    let losslessBytes = try WebPCodec.encode(
                        pixels, options: losslessWebPOptions(settings), metadata: plan.embedded)
                    if losslessBytes.count < result.bytes.count {
                        if !settings.cleanAlpha { try verify(losslessBytes, decodesTo: pixels, format: .webp) }
                        result.bytes = losslessBytes
                        result.method = .webpLossless
                    }
                }
                // --srgb with a profile asks for new pixels, saving or not.
                if format == .webp, !result.convertedColours,
                    !settings.minimumSaving.isMet(input: source.baseline, output: result.bytes.count)
                {
                    result.bytes = data
                    result.method = .original
                    result.keptReason =
                        "a lossy re-encode would save less than --min-saving (\(settings.minimumSaving))"
                }
            }
        }
        return result
    }

    /// A lossy WebP saved at about the requested quality or below is kept (its metadata still
    /// stripped): a re-encode would only add a generation of loss, and re-runs on our own output
    /// would shrink it again each time. The estimate (WebPQuality) reads a few points low below
    /// q75 and within one above it, so only files at least 3 points above -q are re-encoded.
    private static func keptLossyWebP(_ source: Source, settings: CompressionSettings) throws -> CompressionResult? {
        guard !settings.lossless, !(settings.convertToSRGB && source.metadata.hasICC) else { return nil }
        let info = try WebPCodec.readInfo(source.data)
        try PixelLimit.check(width: info.width, height: info.height, maximum: settings.maxPixels)
        guard !info.isLossless, !info.isAnimated, let quality = WebPQuality.estimate(source.data),
            quality < settings.quality + 3
        else { return nil }
        // Kept without a re-encode, its pixels are still decoded once: a damaged file must be an
        // error, not "optimized" (JPEG and PNG are decoded on every path).
        _ = try WebPCodec.decode(source.data, maxPixels: settings.maxPixels)
        let (width, height) =
            source.orientation.swapsDimensions ? (info.height, info.width) : (info.width, info.height)
        var result = CompressionResult(
            inputFormat: .webp, outputFormat: .webp, width: width, height: height, bytes: source.data,
            method: .original)
        result.keptReason =
            "saved at about quality \(quality), not above -q \(settings.quality): a lossy re-encode would only lose more"
        return result
    }

    /// The original's image data with its container cleared of what the policy removes (bytes
    /// nil when the container is too damaged to rewrite), or nil when there is nothing to remove.
    private static func strippedOriginal(_ source: Source, settings: CompressionSettings)
        -> (bytes: [UInt8]?, removed: [String])?
    {
        let policy = settings.metadata
        let orientation = source.orientation
        let plan = policy.plan(
            source.metadata, dropsICC: source.metadata.hasICC && !policy.keepICC, target: source.format,
            orientationApplied: false,
            keepOrientation: orientation == .up ? nil : orientation)
        guard !plan.removed.isEmpty else { return nil }
        let stripperPlan = MetadataStripper.Plan(
            exif: plan.embedded.exif, xmp: plan.embedded.xmp, keepIPTC: plan.embedded.iptc != nil,
            keepComments: !plan.embedded.comments.isEmpty, keepICC: policy.keepICC,
            applicationSegments: plan.embedded.applicationSegments)
        return (MetadataStripper.strip(source.data, format: source.format, plan: stripperPlan), plan.removed)
    }

    /// Lossless WebP at the effort's level. The colour under transparent pixels is kept unless
    /// --clean-alpha allows changing it.
    private static func losslessWebPOptions(_ settings: CompressionSettings) -> WebPEncodeOptions {
        let level = settings.losslessWebP
        return WebPEncodeOptions(
            quality: level.quality, method: level.method, lossless: true, exact: !settings.cleanAlpha)
    }

    /// Lossless outputs are decoded again and compared with their source before anyone writes them.
    private static func verify(_ encoded: [UInt8], decodesTo source: PixelBuffer, format: ImageFormat) throws {
        let decoded = try ImageDecoder.decode(encoded, as: format, maxPixels: Int.max)
        guard PixelComparison.samePixels(source, decoded) else {
            throw ImagePressError.verificationFailed(format: format)
        }
    }
}
