import Testing

@testable import ImagePress

/// How --effort and webp-method become libwebp settings.
struct EncoderSettingsTests {
    @Test func effortChoosesTheWebPEncoderUnlessAMethodIsGiven() throws {
        var settings = CompressionSettings()
        #expect(settings.effectiveWebPMethod == 6 && settings.webpSharpYUV && settings.losslessWebPMethod == 4)
        settings.effort = PNGEffort(level: 2)
        #expect(settings.effectiveWebPMethod == 4 && !settings.webpSharpYUV)
        settings.webpMethod = 5
        #expect(settings.effectiveWebPMethod == 5 && settings.losslessWebPMethod == 5)
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
}
