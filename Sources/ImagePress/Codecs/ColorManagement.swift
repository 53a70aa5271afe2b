import CShims

/// Colour conversion with Little CMS: pixels described by an embedded ICC profile become sRGB,
/// so the profile can be dropped without changing how the picture looks (--srgb), and CMYK
/// JPEGs with a profile become correct RGB.
public enum ColorManagement {
    /// The image in sRGB with no profile. An sRGB profile (by its description) is simply
    /// dropped; gray images keep their profile, since converting them would make them RGB.
    public static func convertedToSRGB(_ image: PixelBuffer) throws -> PixelBuffer {
        guard let profile = image.color.iccProfile else { return image }
        var result = image
        result.color.iccProfile = nil
        // An sRGB profile goes whatever the pixels, as the lossless JPEG path drops it (a gray
        // JPEG carrying sRGB2014 kept it when re-encoded, so a second run found 3 KB to save).
        if ICCProfileInfo.isSRGB(profile) { return result }
        // Gray pixels keep their gray profile.
        guard !image.layout.isGray else { return image }
        let layout: Int32 =
            switch (image.layout, image.bitDepth) {
            case (.rgb, 8): Int32(IPX_COLOR_RGB8)
            case (.rgba, 8): Int32(IPX_COLOR_RGBA8)
            case (.rgb, _): Int32(IPX_COLOR_RGB16)
            default: Int32(IPX_COLOR_RGBA16)
            }
        result.samples = try transform(
            image.samples, pixels: image.pixelCount, layout: layout, profile: profile,
            outputCount: image.samples.count)
        return result
    }

    /// A gray image with a gray profile as 8-bit sRGB colour (RGB, or RGBA with alpha), no
    /// profile: for WebP, whose pixels are always colour, so a gray profile cannot describe them
    /// (viewers ignore it, and a tone curve such as "Dot Gain 20%" would be lost). Anything else
    /// is returned as it is.
    public static func grayToSRGB(_ image: PixelBuffer) throws -> PixelBuffer {
        guard image.layout.isGray, let profile = image.color.iccProfile,
            ICCProfileInfo.colorSpace(of: profile) == "GRAY"
        else { return image }
        let gray = PixelConversions.to8Bit(image)
        let alpha = gray.layout == .grayAlpha
        var result = gray
        result.layout = alpha ? .rgba : .rgb
        result.color.iccProfile = nil
        result.samples = try transform(
            gray.samples, pixels: gray.pixelCount, layout: Int32(alpha ? IPX_COLOR_GRAYA8 : IPX_COLOR_GRAY8),
            profile: profile, outputCount: gray.pixelCount * (alpha ? 4 : 3))
        return result
    }

    /// True when an RGB profile maps colours exactly as sRGB does: a grid of 17³ colours converted
    /// through it to sRGB comes back within one level. Such a profile can be replaced by PNG's
    /// one-byte sRGB chunk (as oxipng does) without changing how the picture looks.
    public static func behavesAsSRGB(_ profile: [UInt8]) -> Bool {
        guard ICCProfileInfo.colorSpace(of: profile) == "RGB " else { return false }
        let steps = (0...16).map { UInt8(min(255, $0 * 16)) }
        var grid: [UInt8] = []
        grid.reserveCapacity(17 * 17 * 17 * 3)
        for red in steps { for green in steps { for blue in steps { grid += [red, green, blue] } } }
        guard
            let converted = try? transform(
                grid, pixels: grid.count / 3, layout: Int32(IPX_COLOR_RGB8), profile: profile,
                outputCount: grid.count, exact: true)
        else { return false }
        return zip(grid, converted).allSatisfy { abs(Int($0) - Int($1)) <= 1 }
    }

    /// CMYK samples (4 per pixel) to 8-bit sRGB through the file's CMYK profile.
    static func rgbFromCMYK(_ cmyk: [UInt8], inverted: Bool, profile: [UInt8]) throws -> [UInt8] {
        let pixels = cmyk.count / 4
        let layout = Int32(inverted ? IPX_COLOR_CMYK8_INVERTED : IPX_COLOR_CMYK8)
        return try transform(cmyk, pixels: pixels, layout: layout, profile: profile, outputCount: pixels * 3)
    }

    private static func transform(
        _ samples: [UInt8], pixels: Int, layout: Int32, profile: [UInt8],
        outputCount: Int, exact: Bool = false
    ) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: outputCount) { out, initialized in
            initialized = outputCount
            try CStatusFunnel.call(.jpeg) { status in
                ipx_color_to_srgb(
                    samples, pixels, layout, profile, profile.count, exact ? 1 : 0, out.baseAddress, status)
            }
        }
    }
}
