import Testing

@testable import ImagePress

/// How --effort and webp-method become libwebp settings.
struct EncoderSettingsTests {
    @Test func effortChoosesTheWebPEncoderUnlessAMethodIsGiven() throws {
        var settings = CompressionSettings()
        #expect(settings.effectiveWebPMethod == 6 && settings.webpSharpYUV)
        #expect(settings.losslessWebP == .init(method: 5, quality: 90))  // cwebp -z 8
        settings.effort = PNGEffort(level: 6)
        #expect(settings.losslessWebP == .init(method: 6, quality: 100))  // cwebp -z 9
        settings.effort = PNGEffort(level: 2)
        #expect(settings.effectiveWebPMethod == 4 && !settings.webpSharpYUV)
        #expect(settings.losslessWebP == .init(method: 4, quality: 75))  // cwebp -z 6, its default
        settings.webpMethod = 5
        #expect(settings.effectiveWebPMethod == 5 && settings.losslessWebP == .init(method: 5, quality: 75))
        // The cache must tell these apart.
        #expect(settings.fingerprint != CompressionSettings().fingerprint)
    }

    @Test func sharpYUVReachesLibwebp() throws {
        let image = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        let plain = try WebPCodec.encode(image, options: WebPEncodeOptions(quality: 80, method: 6))
        let sharp = try WebPCodec.encode(image, options: WebPEncodeOptions(quality: 80, method: 6, sharpYUV: true))
        #expect(plain != sharp)
        #expect(try WebPCodec.decode(sharp).width == image.width)
    }

    @Test func theDefaultLosslessWebPLevelIsSmallerThanCwebpsDefaultAndExact() throws {
        // Not every image gains (hopper.png grows by 0.5 %); over ten corpus PNGs -z 8 saved 0.9 %.
        let image = try PNGCodec.decode(try TestImages.bytes("png/palette.png"))
        func encoded(effort: Int) throws -> [UInt8] {
            var settings = CompressionSettings()
            settings.effort = PNGEffort(level: effort)
            let level = settings.losslessWebP
            return try WebPCodec.encode(
                image, options: WebPEncodeOptions(quality: level.quality, method: level.method, lossless: true, exact: true))
        }
        let standard = try encoded(effort: 3)
        let cwebpDefault = try encoded(effort: 2)
        #expect(standard.count < cwebpDefault.count)
        #expect(PixelComparison.samePixels(try WebPCodec.decode(standard), image))
    }
}
