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

    /// palette.png's RGB rows (73 KB) are above the optimizer's small-image size, so only its
    /// palette forms are tried there; palette-trns.png is small enough for every form.
    @Test func paletteImagesStayPalette() throws {
        let original = try PNGCodec.decode(try TestImages.bytes("png/palette.png"))
        let encoded = try PNGCodec.encode(original)
        #expect(try PNGCodec.readInfo(encoded).isPalette)
        #expect(PixelComparison.samePixels(original, try PNGCodec.decode(encoded)))
        let withAlpha = try PNGCodec.encode(try PNGCodec.decode(try TestImages.bytes("png/palette-trns.png")))
        #expect(try PNGCodec.readInfo(withAlpha).isPalette)
    }

    @Test func sixteenBitStaysSixteenBit() throws {
        for name in ["gray16", "rgb16", "rgba16"] {
            let encoded = try PNGCodec.encode(try PNGCodec.decode(try TestImages.bytes("png/\(name).png")))
            #expect(try PNGCodec.readInfo(encoded).bitDepth == 16, "\(name)")
        }
    }

    /// 1-bit gray is a candidate (effort 1 keeps it); higher efforts keep it only when nothing is
    /// smaller (on this 32×32 image, 8-bit rows with a filter deflate to fewer bytes).
    @Test func oneBitGrayIsACandidateAndTheSmallestWins() throws {
        let image = try PNGCodec.decode(try TestImages.bytes("png/gray1-interlaced.png"))
        let quick = try PNGCodec.encode(image, effort: PNGEffort(level: 1))
        let info = try PNGCodec.readInfo(quick)
        #expect(info.bitDepth == 1 && info.colorType == 0)
        let standard = try PNGCodec.encode(image)
        #expect(standard.count <= quick.count)
        #expect(PixelComparison.samePixels(try PNGCodec.decode(standard), image))
        #expect(PixelComparison.samePixels(try PNGCodec.decode(quick), image))
    }

    @Test func colourInformationIsCarried() throws {
        let icc = try PNGCodec.decode(try TestImages.bytes("png/icc.png"))
        let profile = try #require(icc.color.iccProfile)
        // This profile is sRGB (checked through Little CMS), so it becomes the sRGB chunk.
        #expect(ColorManagement.behavesAsSRGB(profile))
        let written = try PNGCodec.readInfo(try PNGCodec.encode(icc)).color
        #expect(written.iccProfile == nil && written.srgbIntent == ICCProfileInfo.renderingIntent(of: profile))
        let gamma = try PNGCodec.decode(try TestImages.bytes("png/gamma.png"))
        let fileGamma = try #require(gamma.color.gamma)
        let carried = try #require(try PNGCodec.readInfo(try PNGCodec.encode(gamma)).color.gamma)
        #expect(abs(carried - fileGamma) < 0.0001)
    }

    /// libpng reports sRGB's gamma and chromaticities for an sRGB chunk alone; only chunks the
    /// file holds are written back, so such a file does not grow by a gAMA and a cHRM.
    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func srgbChunkAloneStaysAlone() throws {
        let image = try PNGCodec.decode(try TestImages.corpusBytes("pillow/transparent.png"))
        #expect(image.color.srgbIntent != nil)
        #expect(image.color.gamma == nil && image.color.chromaticities == nil)
        let written = try PNGCodec.encode(image)
        let types = chunkTypes(written)
        #expect(types.contains("sRGB"))
        #expect(!types.contains("gAMA") && !types.contains("cHRM"))
        // A file with gAMA still gets it back (colourInformationIsCarried), and cHRM too (below).
    }

    /// skimage's page.png carries a gray "Dot Gain 20%" profile whose rendering intent was
    /// written byte-swapped (0x01000000). libpng sets such a profile aside without a word; imgpress
    /// keeps it, with the intent put right (1, relative colorimetric), since the picture is meant
    /// to be shown through it.
    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func profileWithByteSwappedIntentIsKept() throws {
        let source = try TestImages.corpusBytes("skimage/page.png")
        let image = try PNGCodec.decode(source)
        let profile = try #require(image.color.iccProfile)
        #expect(profile.count == 912)
        #expect(Array(profile[64..<68]) == [0, 0, 0, 1])
        #expect(ICCProfileInfo.renderingIntent(of: profile) == 1)
        #expect(String(decoding: profile[16..<20], as: UTF8.self) == "GRAY")
        let written = try PNGCodec.encode(image)
        #expect(try PNGCodec.readInfo(written).color.iccProfile == profile)
        #expect(PixelComparison.samePixels(try PNGCodec.decode(written), image))
    }

    /// A text chunk whose length field says 2 GB in a 54-byte file: an error before libpng
    /// allocates a buffer that size (found by fuzzing: 2.1 GB and 3 s before it failed).
    @Test func aChunkLongerThanTheFileIsCaughtFirst() throws {
        let png = try TestImages.bytes("png/hopper.png")
        let header = Array(png[0..<33])  // signature and IHDR
        let file = header + [0x7F, 0xFF, 0xFF, 0xFF] + Array("tEXt".utf8) + Array("Comment\0hi".utf8)
        #expect(file.count < 60)
        let error = #expect(throws: ImagePressError.self) { try PNGCodec.readInfo(file) }
        #expect(error?.description == "truncated or corrupt PNG data (file is truncated)")
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

/// The lossless optimizer's reductions, filters and deflate backends.
struct PNGOptimizerTests {
    /// A tall image one pixel wide: rows this short get no brute-force trial (it cost 68 us a
    /// row whatever the width), and the file still decodes to the same pixels.
    @Test func aTallNarrowImageRoundTrips() throws {
        let samples = (0..<(3 * 20_000)).map { UInt8(truncatingIfNeeded: $0 / 3 &* 7 &+ $0 % 3 &* 50) }
        let strip = PixelBuffer(width: 1, height: 20_000, layout: .rgb, bitDepth: 8, samples: samples)
        let encoded = try PNGCodec.encode(strip)
        #expect(PixelComparison.samePixels(try PNGCodec.decode(encoded), strip))
        #expect(try PNGCodec.readInfo(encoded).height == 20_000)
    }

    @Test func sixteenBitThatIsReallyEightBitIsWrittenAtEight() throws {
        var image = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        image = PixelConversions.to16Bit(image)
        let encoded = try PNGCodec.encode(image)
        #expect(try PNGCodec.readInfo(encoded).bitDepth == 8)
        #expect(PixelComparison.samePixels(try PNGCodec.decode(encoded), image))
        // A real 16-bit image keeps its low bytes.
        let deep = try PNGCodec.decode(try TestImages.bytes("png/rgb16.png"))
        #expect(!PixelConversions.isExactlyEightBit(deep))
        #expect(try PNGCodec.decode(try PNGCodec.encode(deep)).samples == deep.samples)
    }

    @Test(arguments: [1, 2, 3, 4])
    func everyEffortIsLossless(level: Int) throws {
        for name in ["palette-trns.png", "graya8.png", "rgba16.png", "rgb-interlaced.png", "gray-trns.png"] {
            let image = try PNGCodec.decode(try TestImages.bytes("png/" + name))
            let encoded = try PNGCodec.encode(image, effort: PNGEffort(level: level))
            #expect(PixelComparison.samePixels(try PNGCodec.decode(encoded), image), "\(name) at effort \(level)")
        }
    }

    @Test func moreEffortIsNeverLargerAndZopfliFinishes() throws {
        let image = try PNGCodec.decode(try TestImages.bytes("png/horse.png"))
        let sizes = try [1, 3, 5].map { try PNGCodec.encode(image, effort: PNGEffort(level: $0)).count }
        #expect(sizes[1] <= sizes[0] && sizes[2] <= sizes[1], "\(sizes)")
        let five = try PNGCodec.encode(image, effort: PNGEffort(level: 5))
        #expect(PixelComparison.samePixels(try PNGCodec.decode(five), image))
    }

    /// The default ranks its trials with a fast deflate level and finishes the best two at full
    /// strength; effort 4 compresses all of them (and more) at full strength, so it is never
    /// larger (hopper.png was 29,961 bytes at effort 4 against 29,926 by default when effort 4
    /// used only the longer brute-force context), and the default lands next to it.
    @Test func fullStrengthTrialsAreNeverLargerThanRankedOnes() throws {
        for name in ["hopper.png", "icc.png", "rgba.png", "text-gray.png", "palette.png"] {
            let image = try PNGCodec.decode(try TestImages.bytes("png/" + name))
            let ranked = try PNGCodec.encode(image, effort: .standard)
            let full = try PNGCodec.encode(image, effort: PNGEffort(level: 4))
            #expect(full.count <= ranked.count, "\(name): \(full.count) vs \(ranked.count)")
            #expect(Double(ranked.count) <= Double(full.count) * 1.005, "\(name): \(ranked.count) vs \(full.count)")
            #expect(PixelComparison.samePixels(try PNGCodec.decode(ranked), image), "\(name)")
        }
    }

    /// Forms are compared by what they add to the file, PLTE and tRNS included: PngSuite's
    /// 32x32 image of 256 colours is 881 bytes as a palette (780 of them PLTE and tRNS) and under
    /// 200 as RGB, which oxipng -o4 writes too.
    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func aPaletteLosesWhenItsChunksCostMoreThanTheyKeep() throws {
        let image = try PNGCodec.decode(try TestImages.corpusBytes("pngsuite/basn3p08.png"))
        let encoded = try PNGCodec.encode(image)
        let info = try PNGCodec.readInfo(encoded)
        #expect(!info.isPalette && info.colorType == 2)
        #expect(encoded.count < 300, "\(encoded.count) bytes")
        #expect(PixelComparison.samePixels(try PNGCodec.decode(encoded), image))
    }

    /// A palette sorted by alpha before luminance: palette.png's 140 translucent colours, nearly
    /// black shades of a shadow in 123 alpha levels, are ordered by alpha (by luminance alone they
    /// nearly tie and the file was 10,840 bytes; oxipng -o4 writes 9,379).
    @Test func translucentPaletteEntriesAreSortedByAlpha() throws {
        let image = try PNGCodec.decode(try TestImages.bytes("png/palette.png"))
        let encoded = try PNGCodec.encode(image)
        #expect(encoded.count <= 9_379, "\(encoded.count) bytes")
        #expect(PixelComparison.samePixels(try PNGCodec.decode(encoded), image))
        let alphas = try #require(chunkData(encoded, type: "tRNS"))
        #expect(alphas.count == 140 && alphas == alphas.sorted() && alphas.last! < 255)
        // What the ranking counted for the form is what the file holds beside IDAT.
        let palette = try #require(chunkData(encoded, type: "PLTE"))
        let counted = PNGReduction.candidates(for: image, effort: .standard).map(\.chunkBytes)
        #expect(counted.contains(12 + palette.count + 12 + alphas.count))
    }

    /// A colour that covers a quarter of the image or more (horse.png's white, 66 %) takes index
    /// 0 in the sorted palette: 5,359 bytes where the plain sort took 5,657 and oxipng -o4 5,462.
    @Test func aBackgroundColourComesFirstInThePalette() throws {
        let image = try PNGCodec.decode(try TestImages.bytes("png/horse.png"))
        let encoded = try PNGCodec.encode(image)
        #expect(encoded.count <= 5_462, "\(encoded.count) bytes")
        let palette = try #require(chunkData(encoded, type: "PLTE"))
        #expect(Array(palette.prefix(3)) == [255, 255, 255])
        // Opaque, and before the translucent entries, so tRNS says 255 for it.
        #expect(chunkData(encoded, type: "tRNS")?.first == 255)
        #expect(PixelComparison.samePixels(try PNGCodec.decode(encoded), image))
    }

    /// The adjacency chain keeps colours that touch next to each other: in the row
    /// 0 2 0 2 0 2 0 3 1 3 1 3 1 3, colours 0-2 and 1-3 touch six times each and 0-3 once; the
    /// chain keeps all three pairs side by side (first-use order, 0 2 3 1, parts 0 from 3).
    @Test func adjacencyOrderChainsColoursThatTouch() {
        let indices: [UInt8] = [0, 2, 0, 2, 0, 2, 0, 3, 1, 3, 1, 3, 1, 3]
        let order = PNGPaletteOrder.byAdjacency(indices, width: indices.count, count: 4)
        #expect(order.sorted() == [0, 1, 2, 3])
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        for (a, b) in [(0, 2), (1, 3), (0, 3)] {
            #expect(abs(position[a]! - position[b]!) == 1, "\(a)-\(b) in \(order)")
        }
        #expect(PNGPaletteOrder.byAdjacency([0, 1, 1, 0], width: 2, count: 2) == [0, 1])
    }

    /// The quantizer's dithered palettes also try the adjacency chain: on hopper.png at --lossy
    /// it took 6.5 % fewer bytes than the first-use and luminance orders; same pixels.
    @Test func quantizedPalettesGainFromTheAdjacencyChain() throws {
        let image = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        let quantized = try #require(
            try PNGQuantizer.quantize(image, range: QualityRange(minimum: 0, maximum: 100), effort: .standard))
        let plain = try PNGCodec.encode(quantized.image)
        let chained = try PNGCodec.encode(quantized.image, quantized: true)
        #expect(Double(chained.count) < Double(plain.count) * 0.97, "\(chained.count) vs \(plain.count)")
        #expect(PixelComparison.samePixels(try PNGCodec.decode(chained), quantized.image))
    }

    @Test func everyDeflateBackendWritesACompactZlibStream() throws {
        let raw: [UInt8] = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) }
        for backend: Deflate.Backend in [.zlib(level: 9, strategy: 0), .libdeflate(level: 12), .zopfli(iterations: 5)] {
            let stream = try Deflate.compress(raw, with: backend)
            #expect(stream.count < raw.count / 4, "\(backend)")
            #expect(stream.first == 0x78, "a zlib header")
        }
        #expect(PNGEffort(level: 9).level == 6 && PNGEffort(level: 0).level == 1)
    }
}

/// The data of a PNG file's first chunk of `type`.
func chunkData(_ file: [UInt8], type: String) -> [UInt8]? {
    var offset = 8
    while offset + 12 <= file.count {
        let length = file[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
        if String(decoding: file[(offset + 4)..<(offset + 8)], as: UTF8.self) == type,
            offset + 12 + length <= file.count
        {
            return Array(file[(offset + 8)..<(offset + 8 + length)])
        }
        offset += 12 + length
    }
    return nil
}

/// The chunk types of a PNG file, in order.
func chunkTypes(_ file: [UInt8]) -> [String] {
    var types: [String] = []
    var offset = 8
    while offset + 12 <= file.count {
        let length = file[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
        types.append(String(decoding: file[(offset + 4)..<(offset + 8)], as: UTF8.self))
        offset += 12 + length
    }
    return types
}
