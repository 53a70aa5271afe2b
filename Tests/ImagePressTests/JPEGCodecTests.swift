import Testing

@testable import ImagePress

struct JPEGCodecTests {
    @Test(
        "decodes every JPEG variant to the size its header gives",
        arguments: [
            ("jpeg/hopper.jpg", 128, 128, PixelBuffer.Layout.rgb),
            ("jpeg/progressive.jpg", 227, 149, .rgb),
            ("jpeg/arithmetic.jpg", 227, 149, .rgb),
            ("jpeg/restart.jpg", 300, 225, .rgb),
            ("jpeg/gray.jpg", 128, 128, .gray),
            ("jpeg/cmyk.jpg", 100, 100, .rgb),
        ])
    func decodesVariants(path: String, width: Int, height: Int, layout: PixelBuffer.Layout) throws {
        let image = try JPEGCodec.decode(try TestImages.bytes(path))
        #expect(image.width == width && image.height == height)
        #expect(image.layout == layout)
        #expect(image.bitDepth == 8)
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func progressiveAndArithmeticDecodeLikeTheBaselineOriginal() throws {
        // The IJG test files hold the same picture coded in different ways.
        let baseline = try JPEGCodec.decode(try TestImages.corpusBytes("libjpeg-turbo/testorig.jpg"))
        let arithmetic = try JPEGCodec.decode(try TestImages.bytes("jpeg/arithmetic.jpg"))
        #expect(psnr(baseline, arithmetic) > 30)
    }

    @Test func adobeCMYKBecomesRedNotInverted() throws {
        // pil_sample_cmyk.jpg shows red letters on black; inverted decoding would give cyan on white.
        let image = try JPEGCodec.decode(try TestImages.bytes("jpeg/cmyk.jpg"))
        var redPixels = 0
        var blackPixels = 0
        var whitePixels = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let p = rgb(image, x: x, y: y)
                if p[0] > 180 && p[1] < 80 && p[2] < 80 { redPixels += 1 }
                if p.allSatisfy({ $0 < 40 }) { blackPixels += 1 }
                if p.allSatisfy({ $0 > 215 }) { whitePixels += 1 }
            }
        }
        #expect(redPixels > 500)
        #expect(blackPixels > 3000)
        #expect(whitePixels < 100)
    }

    @Test func twelveBitIsAClearUnsupportedError() throws {
        let error = #expect(throws: ImagePressError.self) {
            try JPEGCodec.decode(try TestImages.bytes("unsupported/twelve-bit.jpg"))
        }
        #expect(error == .unsupportedVariant(format: .jpeg, detail: "12-bit samples (only 8-bit JPEG is supported)"))
    }

    @Test(
        "lossless optimization keeps every decoded pixel",
        arguments: [
            "jpeg/hopper.jpg", "jpeg/flower.jpg", "jpeg/rocket.jpg", "jpeg/gray.jpg",
            "jpeg/cmyk.jpg", "jpeg/arithmetic.jpg", "jpeg/restart.jpg", "jpeg/progressive.jpg",
        ])
    func losslessKeepsPixels(path: String) throws {
        let original = try TestImages.bytes(path)
        let pixels = try JPEGCodec.decode(original)
        let quick = PNGEffort(level: 1)
        for progressive in [true, false] {
            let optimized = try JPEGCodec.optimizeLosslessly(
                original, progressive: progressive, keepICC: true, effort: quick)
            #expect(try JPEGCodec.decode(optimized) == pixels)
            #expect(try JPEGCodec.readInfo(optimized).isProgressive == progressive)
        }
        // The scan search (effort 3 and up) keeps every pixel and never loses to libjpeg's script
        // (effort 2 writes that script, on two threads when allowed).
        let standard = try JPEGCodec.optimizeLosslessly(original, progressive: true, keepICC: true, effort: quick)
        for level in [2, 3, 4, 5] {
            let searched = try JPEGCodec.optimizeLosslessly(
                original, progressive: true, keepICC: true, effort: PNGEffort(level: level))
            #expect(try JPEGCodec.decode(searched) == pixels, "\(path) at effort \(level)")
            #expect(searched.count <= standard.count, "\(path) at effort \(level)")
            // With a second thread the estimate counts luma there and the writing is split; the
            // bytes must not change.
            let threaded = try JPEGCodec.optimizeLosslessly(
                original, progressive: true, keepICC: true, effort: PNGEffort(level: level), threads: 2)
            #expect(threaded == searched, "\(path) at effort \(level) with two threads")
        }
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func losslessOptimizationKeepsTheICCProfile() throws {
        let original = try TestImages.corpusBytes("pillow/icc_profile_big.jpg")
        let profile = try #require(try JPEGCodec.readInfo(original).iccProfile)
        let optimized = try JPEGCodec.optimizeLosslessly(original, progressive: true, keepICC: true)
        #expect(try JPEGCodec.readInfo(optimized).iccProfile == profile)
        #expect(
            try JPEGCodec.readInfo(try JPEGCodec.optimizeLosslessly(original, progressive: true, keepICC: false))
                .iccProfile == nil)
    }

    @Test("lossy encoding keeps the picture", arguments: [ChromaSubsampling.s420, .s422, .s444])
    func lossyKeepsThePicture(subsampling: ChromaSubsampling) throws {
        let source = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        let encoded = try JPEGCodec.encode(source, options: JPEGEncodeOptions(quality: 80, subsampling: subsampling))
        let decoded = try JPEGCodec.decode(encoded)
        #expect(decoded.width == source.width && decoded.height == source.height)
        #expect(psnr(source, decoded) > 30)
        #expect(try JPEGCodec.readInfo(encoded).isProgressive)
    }

    @Test func higherQualityMeansMoreBytesAndLessError() throws {
        let source = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        let low = try JPEGCodec.encode(source, options: JPEGEncodeOptions(quality: 40))
        let high = try JPEGCodec.encode(source, options: JPEGEncodeOptions(quality: 95))
        #expect(low.count < high.count)
        #expect(psnr(source, try JPEGCodec.decode(low)) < psnr(source, try JPEGCodec.decode(high)))
        let baseline = try JPEGCodec.encode(source, options: JPEGEncodeOptions(progressive: false))
        #expect(try JPEGCodec.readInfo(baseline).isProgressive == false)
    }
}

/// The scan search on a photo large enough to stay progressive.
struct JPEGScanSearchTests {
    @Test func aLargePhotoGetsSmallerThanLibjpegsScript() throws {
        let original = try TestImages.bytes("jpeg/flower.jpg")
        let standard = try JPEGCodec.optimizeLosslessly(
            original, progressive: true, keepICC: true, effort: PNGEffort(level: 1))
        let thorough = PNGEffort.standard
        let searched = try JPEGCodec.optimizeLosslessly(original, progressive: true, keepICC: true, effort: thorough)
        #expect(try JPEGCodec.readInfo(searched).isProgressive)
        #expect(searched.count < standard.count)
        #expect(try JPEGCodec.decode(searched) == (try JPEGCodec.decode(original)))
        // Deterministic.
        #expect(searched == (try JPEGCodec.optimizeLosslessly(original, progressive: true, keepICC: true, effort: thorough)))
    }
}
