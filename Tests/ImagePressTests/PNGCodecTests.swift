import Testing

@testable import ImagePress

struct PNGCodecTests {
    @Test(
        "decodes every colour type and bit depth to the expected layout",
        arguments: [
            ("png/hopper.png", PixelBuffer.Layout.rgb, 8),
            ("png/palette.png", .rgba, 8),
            ("png/palette-trns.png", .rgba, 8),
            ("png/rgba.png", .rgba, 8),
            ("png/text-gray.png", .gray, 8),
            ("png/gray16.png", .gray, 16),
            ("png/rgb16.png", .rgb, 16),
            ("png/rgba16.png", .rgba, 16),
            ("png/gray1-interlaced.png", .gray, 8),
            ("png/graya8.png", .grayAlpha, 8),
            ("png/rgb-trns.png", .rgba, 8),
            ("png/gray-trns.png", .grayAlpha, 8),
        ])
    func decodesLayouts(path: String, layout: PixelBuffer.Layout, depth: Int) throws {
        let image = try PNGCodec.decode(try TestImages.bytes(path))
        #expect(image.layout == layout)
        #expect(image.bitDepth == depth)
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func interlacedDecodesLikeNonInterlaced() throws {
        for name in ["0g01", "0g08", "2c08", "3p08", "4a16", "6a08", "2c16"] {
            let plain = try PNGCodec.decode(try TestImages.corpusBytes("pngsuite/basn\(name).png"))
            let interlaced = try PNGCodec.decode(try TestImages.corpusBytes("pngsuite/basi\(name).png"))
            #expect(plain == interlaced, "basi\(name) differs from basn\(name)")
        }
    }

    @Test func oneBitGrayExpandsToBlackAndWhite() throws {
        let image = try PNGCodec.decode(try TestImages.bytes("png/gray1-interlaced.png"))
        #expect(Set(image.samples) == [0, 255])
    }

    @Test(
        "re-encoding gives back exactly the same pixels",
        arguments: TestImages.files(in: TestImages.fixtures + "/png", extension: "png"))
    func roundTripIsExact(name: String) throws {
        let original = try PNGCodec.decode(try TestImages.bytes("png/" + name))
        let encoded = try PNGCodec.encode(original)
        let decoded = try PNGCodec.decode(encoded)
        #expect(PixelComparison.samePixels(original, decoded))
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func wholePngSuiteRoundTripsExactly() throws {
        let names = TestImages.files(in: TestImages.corpus + "/pngsuite", extension: "png")
        #expect(names.count > 100)
        for name in names {
            let original = try PNGCodec.decode(try TestImages.corpusBytes("pngsuite/" + name))
            let decoded = try PNGCodec.decode(try PNGCodec.encode(original))
            #expect(PixelComparison.samePixels(original, decoded), "\(name) changed")
        }
    }

    @Test func paletteImagesStayPalette() throws {
        let encoded = try PNGCodec.encode(try PNGCodec.decode(try TestImages.bytes("png/palette.png")))
        #expect(try PNGCodec.readInfo(encoded).isPalette)
        let withAlpha = try PNGCodec.encode(try PNGCodec.decode(try TestImages.bytes("png/palette-trns.png")))
        #expect(try PNGCodec.readInfo(withAlpha).isPalette)
    }

    @Test func sixteenBitStaysSixteenBit() throws {
        for name in ["gray16", "rgb16", "rgba16"] {
            let encoded = try PNGCodec.encode(try PNGCodec.decode(try TestImages.bytes("png/\(name).png")))
            #expect(try PNGCodec.readInfo(encoded).bitDepth == 16, "\(name)")
        }
    }

    @Test func oneBitGrayIsWrittenAtOneBit() throws {
        let encoded = try PNGCodec.encode(try PNGCodec.decode(try TestImages.bytes("png/gray1-interlaced.png")))
        let info = try PNGCodec.readInfo(encoded)
        #expect(info.bitDepth == 1 && info.colorType == 0)
    }

    @Test func colourInformationIsCarried() throws {
        let icc = try PNGCodec.decode(try TestImages.bytes("png/icc.png"))
        let profile = try #require(icc.color.iccProfile)
        #expect(try PNGCodec.readInfo(try PNGCodec.encode(icc)).color.iccProfile == profile)
        let gamma = try PNGCodec.decode(try TestImages.bytes("png/gamma.png"))
        let fileGamma = try #require(gamma.color.gamma)
        let carried = try #require(try PNGCodec.readInfo(try PNGCodec.encode(gamma)).color.gamma)
        #expect(abs(carried - fileGamma) < 0.0001)
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func chromaticitiesAreCarried() throws {
        let image = try PNGCodec.decode(try TestImages.corpusBytes("pngsuite/ccwn2c08.png"))
        let chromaticities = try #require(image.color.chromaticities)
        #expect(chromaticities.count == 8)
        let carried = try #require(try PNGCodec.readInfo(try PNGCodec.encode(image)).color.chromaticities)
        for (a, b) in zip(chromaticities, carried) { #expect(abs(a - b) < 0.00002) }
    }
}
