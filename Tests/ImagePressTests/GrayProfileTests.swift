import Testing

@testable import ImagePress

/// WebP pixels are always colour, so a gray image's gray profile cannot go with them: the
/// pixels are converted through it to sRGB instead (other formats keep gray and the profile).
struct GrayProfileTests {
    /// A minimal ICC v2 gray display profile (header, wtpt, kTRC) with one gamma, per the ICC
    /// specification's layout: enough for Little CMS to build a transform.
    static func grayProfile(gamma: Double) -> [UInt8] {
        func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        func s15(_ value: Double) -> [UInt8] { u32(UInt32(bitPattern: Int32((value * 65536).rounded()))) }
        let d50 = s15(0.9642) + s15(1.0) + s15(0.8249)
        let whitePoint = Array("XYZ ".utf8) + [0, 0, 0, 0] + d50
        let fixed = UInt16((gamma * 256).rounded())
        let curve = Array("curv".utf8) + [0, 0, 0, 0] + u32(1) + [UInt8(fixed >> 8), UInt8(fixed & 0xFF), 0, 0]
        let tableSize = 4 + 2 * 12
        let whiteOffset = 128 + tableSize
        let curveOffset = whiteOffset + whitePoint.count
        let size = curveOffset + curve.count
        var header = u32(UInt32(size)) + [0, 0, 0, 0] + [0x02, 0x10, 0, 0] + Array("mntrGRAYXYZ ".utf8)
        header += [UInt8](repeating: 0, count: 12) + Array("acsp".utf8) + [UInt8](repeating: 0, count: 24)
        header += [0, 0, 0, 0] + d50
        header += [UInt8](repeating: 0, count: 128 - header.count)
        let table =
            u32(2) + Array("wtpt".utf8) + u32(UInt32(whiteOffset)) + u32(UInt32(whitePoint.count))
            + Array("kTRC".utf8) + u32(UInt32(curveOffset)) + u32(UInt32(curve.count))
        return header + table + whitePoint + curve
    }

    private func grayImage(value: UInt8, profile: [UInt8]?) -> PixelBuffer {
        var color = ColorInfo()
        color.iccProfile = profile
        return PixelBuffer(
            width: 16, height: 16, layout: .gray, bitDepth: 8, color: color,
            samples: [UInt8](repeating: value, count: 256))
    }

    @Test func aGrayProfileIsAppliedForWebP() throws {
        let linear = Self.grayProfile(gamma: 1.0)
        #expect(ICCProfileInfo.colorSpace(of: linear) == "GRAY")
        let converted = try ColorManagement.grayToSRGB(grayImage(value: 128, profile: linear))
        #expect(converted.layout == .rgb && converted.color.iccProfile == nil)
        // Linear 0.5 is sRGB 188: the picture keeps its tones, now in sRGB.
        #expect(converted.samples.allSatisfy { (186...190).contains($0) }, "\(converted.samples.prefix(3))")
        // Through the compressor: a WebP with no profile whose pixels carry the conversion.
        var settings = CompressionSettings()
        settings.outputFormat = .webp
        settings.lossless = true
        let png = try PNGCodec.encode(grayImage(value: 128, profile: linear), effort: .standard)
        let webp = try Compressor.compress(png, settings: settings)
        #expect(try WebPCodec.readInfo(webp.bytes).iccProfile == nil)
        #expect(try WebPCodec.decode(webp.bytes).samples.allSatisfy { (186...190).contains($0) })
        // Without a profile, or to PNG, gray stays gray.
        #expect(try ColorManagement.grayToSRGB(grayImage(value: 128, profile: nil)).layout == .gray)
        settings.outputFormat = .png
        let again = try Compressor.compress(png, settings: settings)
        #expect(try PNGCodec.decode(again.bytes).color.iccProfile == linear)
    }

    /// Gray with alpha and four pixel values in no pattern: a 2-bit palette would be smaller,
    /// but a palette PNG cannot carry a gray profile (libpng drops it on reading), so the profile
    /// keeps it gray.
    @Test func aGrayProfileKeepsAPNGGray() throws {
        let linear = Self.grayProfile(gamma: 1.0)
        var color = ColorInfo()
        color.iccProfile = linear
        var samples: [UInt8] = []
        var random = JPEGCoderTests.SplitMix(state: 11)
        let values: [[UInt8]] = [[0, 0], [0, 255], [120, 255], [240, 255]]
        for _ in 0..<(128 * 128) { samples += values[Int(random.next() % 4)] }
        let image = PixelBuffer(
            width: 128, height: 128, layout: .grayAlpha, bitDepth: 8, color: color, samples: samples)
        let written = try PNGCodec.encode(image)
        let info = try PNGCodec.readInfo(written)
        #expect(info.colorType == 4 || info.colorType == 0, "colour type \(info.colorType)")
        #expect(info.color.iccProfile == linear)
        #expect(PixelComparison.samePixels(try PNGCodec.decode(written), image))
        // Without the profile the palette is allowed (and smaller, its PLTE and tRNS counted).
        var plain = image
        plain.color.iccProfile = nil
        #expect(try PNGCodec.readInfo(try PNGCodec.encode(plain)).isPalette)
    }

    /// Gray with alpha flattened onto a coloured background is colour: it goes through its gray
    /// profile to sRGB, and the JPEG carries no gray profile.
    @Test func grayWithAlphaOnAColouredBackgroundIsConverted() throws {
        let linear = Self.grayProfile(gamma: 1.0)
        var color = ColorInfo()
        color.iccProfile = linear
        let samples = (0..<256).flatMap { [UInt8(128), $0 < 128 ? UInt8(255) : 0] }
        let image = PixelBuffer(width: 16, height: 16, layout: .grayAlpha, bitDepth: 8, color: color, samples: samples)
        var settings = CompressionSettings()
        settings.outputFormat = .jpeg
        settings.quality = 95
        settings.background = try #require(RGBColor(parsing: "#ff0000"))
        let jpeg = try Compressor.compress(try PNGCodec.encode(image), settings: settings)
        let decoded = try JPEGCodec.decode(jpeg.bytes)
        #expect(decoded.layout == .rgb && decoded.color.iccProfile == nil)
        // Top half: linear 0.5 is sRGB 188 (gray); bottom half: the red background.
        #expect(abs(Int(rgb(decoded, x: 8, y: 2)[1]) - 188) <= 6, "\(rgb(decoded, x: 8, y: 2))")
        #expect(rgb(decoded, x: 8, y: 13)[0] > 230 && rgb(decoded, x: 8, y: 13)[1] < 30)
        // On the default white background it stays gray, with its profile.
        settings.background = RGBColor(red: 255, green: 255, blue: 255)
        let gray = try JPEGCodec.decode(try Compressor.compress(try PNGCodec.encode(image), settings: settings).bytes)
        #expect(gray.layout == .gray && gray.color.iccProfile == linear)
    }

    /// --srgb keeps a gray profile on the lossless JPEG path too, as on the re-encode path: it
    /// dropped it there (an sRGB profile goes: it changes nothing).
    @Test func srgbKeepsAGrayProfileOnTheLosslessPath() throws {
        let linear = Self.grayProfile(gamma: 1.0)
        let source = try JPEGCodec.encode(
            grayImage(value: 100, profile: linear), options: JPEGEncodeOptions(quality: 70))
        #expect(try JPEGCodec.readInfo(source).iccProfile == linear)
        for lossless in [true, false] {
            var settings = CompressionSettings()
            settings.convertToSRGB = true
            settings.lossless = lossless
            let result = try Compressor.compress(source, settings: settings)
            #expect(try JPEGCodec.readInfo(result.bytes).iccProfile == linear, "lossless: \(lossless)")
            #expect(!result.metadataRemoved.contains("icc"))
        }
    }
}
