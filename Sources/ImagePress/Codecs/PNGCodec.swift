import CShims

/// What a PNG's header chunks say, read without decoding the image data.
public struct PNGInfo: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Bit depth and colour type as stored in the file (PNG's own numbers).
    public var bitDepth: Int
    public var colorType: Int
    public var isInterlaced: Bool
    /// An APNG: its image data is only the first frame (or a fallback still).
    public var isAnimated = false
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
            colorType: Int(info.color_type), isInterlaced: info.interlaced != 0, isAnimated: info.animated != 0,
            color: color)
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
        // Re-encoding what libpng reads would write the first frame alone.
        if info.animated != 0 {
            throw ImagePressError.unsupportedVariant(format: .png, detail: "animated images are not supported yet")
        }
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

    /// Lossless encode with the optimizer (reductions, filter strategies, deflate backends).
    /// Decoding the result gives back exactly the input pixels. `quantized`: the pixels are
    /// `PNGQuantizer`'s, which the optimizer also tries (from effort 2) in a palette order made
    /// for them.
    public static func encode(
        _ image: PixelBuffer, metadata: EmbeddedMetadata = .none, effort: PNGEffort = .standard,
        profileAsSRGBChunk: Bool = true, quantized: Bool = false
    ) throws -> [UInt8] {
        try PNGOptimizer.encode(
            image, metadata: metadata, effort: effort, profileAsSRGBChunk: profileAsSRGBChunk, quantized: quantized)
    }
}
