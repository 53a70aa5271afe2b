import Testing

@testable import ImagePress

struct WebPCodecTests {
    @Test(
        "decodes lossy, lossless and alpha WebP",
        arguments: [
            ("webp/lossy.webp", PixelBuffer.Layout.rgb, false),
            ("webp/lossless.webp", .rgb, true),
            ("webp/alpha.webp", .rgba, false),
            ("webp/alpha-lossless.webp", .rgba, true),
        ])
    func decodes(path: String, layout: PixelBuffer.Layout, lossless: Bool) throws {
        let data = try TestImages.bytes(path)
        let image = try WebPCodec.decode(data)
        #expect(image.layout == layout)
        #expect(try WebPCodec.readInfo(data).isLossless == lossless)
    }

    @Test func losslessDecodeMatchesTheSourcePNG() throws {
        let png = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        let webp = try WebPCodec.decode(try TestImages.bytes("webp/lossless.webp"))
        #expect(PixelComparison.samePixels(png, webp))
    }

    @Test func animatedIsRefusedWithAClearMessage() throws {
        let error = #expect(throws: ImagePressError.self) {
            try WebPCodec.decode(try TestImages.bytes("unsupported/animated.webp"))
        }
        #expect(error?.description == "unsupported WebP: animated images are not supported yet")
    }

    @Test func losslessEncodeIsExactIncludingAlpha() throws {
        let source = PixelConversions.forWebP(try PNGCodec.decode(try TestImages.bytes("png/horse.png")))
        let encoded = try WebPCodec.encode(source, options: WebPEncodeOptions(lossless: true, exact: true))
        #expect(PixelComparison.samePixels(source, try WebPCodec.decode(encoded)))
    }

    @Test func lossyEncodeKeepsThePicture() throws {
        let source = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        let encoded = try WebPCodec.encode(source, options: WebPEncodeOptions(quality: 80))
        let decoded = try WebPCodec.decode(encoded)
        #expect(decoded.width == 128 && decoded.height == 128)
        #expect(psnr(source, decoded) > 30)
        #expect(encoded.count < 10_000)
    }

    @Test func iccProfileIsEmbedded() throws {
        var source = PixelConversions.forWebP(try PNGCodec.decode(try TestImages.bytes("png/icc.png")))
        let profile = try #require(source.color.iccProfile)
        source.color.iccProfile = profile
        let encoded = try WebPCodec.encode(source, options: WebPEncodeOptions())
        #expect(try WebPCodec.readInfo(encoded).iccProfile == profile)
        #expect(try WebPCodec.decode(encoded).width == source.width)
    }
}
