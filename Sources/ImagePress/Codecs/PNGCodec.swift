import CShims

/// What a PNG's header chunks say, read without decoding the image data.
public struct PNGInfo: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Bit depth and colour type as stored in the file (PNG's own numbers).
    public var bitDepth: Int
    public var colorType: Int
    public var isInterlaced: Bool
    public var color: ColorInfo

    public var isPalette: Bool { colorType == Int(IPX_PNG_PALETTE) }
}

/// PNG through libpng: decode every colour type, bit depth and interlacing to a `PixelBuffer`;
/// encode losslessly, trying reductions and filters and keeping the smallest result.
public enum PNGCodec {
    public static func readInfo(_ data: [UInt8]) throws -> PNGInfo {
        let (info, color) = try readRawInfo(data)
        return PNGInfo(
            width: Int(info.width), height: Int(info.height), bitDepth: Int(info.bit_depth),
            colorType: Int(info.color_type), isInterlaced: info.interlaced != 0, color: color)
    }

    private static func readRawInfo(_ data: [UInt8]) throws -> (ipx_png_info, ColorInfo) {
        var info = ipx_png_info()
        var profile: UnsafeMutablePointer<UInt8>?
        var profileSize = 0
        try CStatusFunnel.call(.png) { status in
            ipx_png_read_info(data, data.count, &info, &profile, &profileSize, status)
        }
        let color = ColorInfo(
            iccProfile: CStatusFunnel.takeProfile(profile, profileSize),
            gamma: info.has_gamma != 0 ? info.gamma : nil,
            srgbIntent: info.has_srgb != 0 ? Int(info.srgb_intent) : nil,
            chromaticities: info.has_chrm != 0
                ? withUnsafeBytes(of: info.chrm) { Array($0.bindMemory(to: Double.self)) } : nil)
        return (info, color)
    }

    /// Decodes with palettes, low bit depths and tRNS expanded. 16-bit samples stay 16-bit.
    public static func decode(_ data: [UInt8], maxPixels: Int = PixelLimit.defaultMaximum) throws -> PixelBuffer {
        let (info, color) = try readRawInfo(data)
        let width = Int(info.width)
        let height = Int(info.height)
        try PixelLimit.check(width: width, height: height, maximum: maxPixels)
        guard let layout = PixelBuffer.Layout(rawValue: Int(info.channels)) else {
            throw ImagePressError.unsupportedVariant(format: .png, detail: "\(info.channels) channels")
        }
        let count = width * height * layout.channels * Int(info.output_depth) / 8
        let samples = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = count
            try CStatusFunnel.call(.png) { status in
                ipx_png_decode(data, data.count, buffer.baseAddress, count, status)
            }
        }
        return PixelBuffer(
            width: width, height: height, layout: layout, bitDepth: Int(info.output_depth),
            color: color, samples: samples)
    }

    /// Lossless encode: every candidate from `PNGReduction` with each row-filter choice, at zlib
    /// level 9; the smallest wins. Decoding the result gives back exactly the input pixels.
    public static func encode(_ image: PixelBuffer, metadata: EmbeddedMetadata = .none) throws -> [UInt8] {
        var best: [UInt8]?
        for candidate in PNGReduction.candidates(for: image) {
            for attempt in candidate.attempts {
                let bytes = try encode(
                    candidate, filter: attempt.filter, strategy: attempt.strategy,
                    image: image, metadata: metadata)
                if best == nil || bytes.count < best!.count { best = bytes }
            }
        }
        return best!
    }

    private static func encode(
        _ candidate: PNGReduction.Candidate, filter: Int32, strategy: Int32,
        image: PixelBuffer, metadata: EmbeddedMetadata
    ) throws -> [UInt8] {
        var output = ipx_bytes()
        let color = image.color
        let pinned = PinnedBytes()
        let palette = pinned.pin(candidate.palette)
        let transparency = pinned.pin(candidate.transparency)
        let icc = pinned.pin(color.iccProfile)
        let exif = pinned.pin(metadata.exif)
        let chromaticities = color.chromaticities ?? [Double](repeating: 0, count: 8)
        var settings = ipx_png_encode_options(
            color_type: candidate.colorType, bit_depth: Int32(candidate.bitDepth),
            palette: palette.pointer, palette_count: Int32(palette.count / 3),
            trns: transparency.pointer, trns_count: Int32(transparency.count),
            filter: filter, zlib_level: 9, zlib_strategy: strategy,
            icc: icc.pointer, icc_size: icc.count,
            has_gamma: color.gamma != nil ? 1 : 0, gamma: color.gamma ?? 0,
            has_srgb: color.srgbIntent != nil ? 1 : 0, srgb_intent: Int32(color.srgbIntent ?? 0),
            has_chrm: color.chromaticities?.count == 8 ? 1 : 0,
            chrm: (
                chromaticities[0], chromaticities[1], chromaticities[2], chromaticities[3],
                chromaticities[4], chromaticities[5], chromaticities[6], chromaticities[7]
            ),
            exif: exif.pointer, exif_size: exif.count,
            xmp: pinned.pin(cString: metadata.xmp.map { String(decoding: $0, as: UTF8.self) }),
            comment: pinned.pin(cString: metadata.comments.isEmpty ? nil : metadata.comments.joined(separator: "\n")))
        try CStatusFunnel.call(.png, encoding: true) { status in
            candidate.rows.withUnsafeBufferPointer { rows in
                ipx_png_encode(
                    rows.baseAddress, UInt32(image.width), UInt32(image.height), candidate.stride, &settings,
                    &output, status)
            }
        }
        return CStatusFunnel.take(output)
    }
}
