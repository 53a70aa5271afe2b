import CShims

/// What a WebP's container says, read without decoding.
public struct WebPInfo: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var hasAlpha: Bool
    public var isAnimated: Bool
    /// True for VP8L bitstreams.
    public var isLossless: Bool
    public var iccProfile: [UInt8]?
}

/// Settings for the libwebp encoder (advanced API).
public struct WebPEncodeOptions: Sendable, Equatable {
    /// 0...100; for lossless, the compression effort.
    public var quality: Int
    /// 0 (fast) ... 6 (small).
    public var method: Int
    public var lossless: Bool
    public var alphaQuality: Int
    /// Keep the RGB values under fully transparent pixels (needed for bit-exact lossless).
    public var exact: Bool
    /// libwebp's sharp RGB→YUV conversion (cwebp -sharp_yuv), for lossy output.
    public var sharpYUV: Bool

    public init(
        quality: Int = 80, method: Int = 4, lossless: Bool = false, alphaQuality: Int = 100,
        exact: Bool = false, sharpYUV: Bool = false
    ) {
        self.quality = quality
        self.method = method
        self.lossless = lossless
        self.alphaQuality = alphaQuality
        self.exact = exact
        self.sharpYUV = sharpYUV
    }
}

/// WebP through libwebp: still images, lossy and lossless, with alpha and ICC profiles.
public enum WebPCodec {
    public static func readInfo(_ data: [UInt8]) throws -> WebPInfo {
        var info = ipx_webp_info()
        var profile: UnsafeMutablePointer<UInt8>?
        var profileSize = 0
        try CStatusFunnel.call(.webp) { status in
            ipx_webp_read_info(data, data.count, &info, &profile, &profileSize, status)
        }
        return WebPInfo(
            width: Int(info.width), height: Int(info.height), hasAlpha: info.has_alpha != 0,
            isAnimated: info.has_animation != 0, isLossless: info.lossless == 1,
            iccProfile: CStatusFunnel.takeProfile(profile, profileSize))
    }

    /// Decodes a still WebP to 8-bit RGB, or RGBA when the file has alpha.
    public static func decode(_ data: [UInt8], maxPixels: Int = PixelLimit.defaultMaximum) throws -> PixelBuffer {
        let info = try readInfo(data)
        if info.isAnimated {
            throw ImagePressError.unsupportedVariant(format: .webp, detail: "animated images are not supported yet")
        }
        try PixelLimit.check(width: info.width, height: info.height, maximum: maxPixels)
        let channels = info.hasAlpha ? 4 : 3
        let count = info.width * info.height * channels
        let samples = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = count
            try CStatusFunnel.call(.webp) { status in
                ipx_webp_decode(data, data.count, Int32(channels), buffer.baseAddress, count, status)
            }
        }
        return PixelBuffer(
            width: info.width, height: info.height, layout: info.hasAlpha ? .rgba : .rgb,
            bitDepth: 8, color: ColorInfo(iccProfile: info.iccProfile), samples: samples)
    }

    /// Encodes 8-bit RGB or RGBA. Other layouts must be converted first (`PixelConversions.forWebP`).
    public static func encode(
        _ image: PixelBuffer, options: WebPEncodeOptions, metadata: EmbeddedMetadata = .none
    ) throws -> [UInt8] {
        precondition(
            image.bitDepth == 8 && (image.layout == .rgb || image.layout == .rgba),
            "WebP encodes 8-bit RGB or RGBA")
        var output = ipx_bytes()
        try CStatusFunnel.call(.webp, encoding: true) { status in
            image.samples.withUnsafeBufferPointer { pixels in
                withOptionalBytes(image.color.iccProfile) { icc, iccSize in
                    withOptionalBytes(metadata.exif) { exif, exifSize in
                        withOptionalBytes(metadata.xmp) { xmp, xmpSize in
                            var settings = ipx_webp_encode_options(
                                quality: Float(options.quality.clamped(to: 0...100)),
                                method: Int32(options.method.clamped(to: 0...6)),
                                lossless: options.lossless ? 1 : 0,
                                alpha_quality: Int32(options.alphaQuality.clamped(to: 0...100)),
                                exact: options.exact ? 1 : 0, sharp_yuv: options.sharpYUV ? 1 : 0,
                                icc: icc, icc_size: iccSize,
                                exif: exif, exif_size: exifSize, xmp: xmp, xmp_size: xmpSize)
                            return ipx_webp_encode(
                                pixels.baseAddress, Int32(image.width), Int32(image.height),
                                Int32(image.channels), image.stride, &settings, &output, status)
                        }
                    }
                }
            }
        }
        return CStatusFunnel.take(output)
    }
}
