import Testing

@testable import ImagePress

/// Metadata cases found by fuzzing: each used to keep a GPS position or mislead a reader.
struct MetadataEdgeCaseTests {
    /// EXIF with a GPS position, from the tagged WebP fixture.
    static func exifWithGPS() throws -> [UInt8] {
        let exif = try #require(MetadataReader.webp(try TestImages.bytes("metadata/tagged.webp")).exif)
        try #require(ExifSummary(tiff: exif[...]).hasGPS)
        return exif
    }

    /// A PNG imgpress cannot make smaller (its own output), with `chunk` added just before IEND.
    static func optimalPNG(adding type: String, _ body: [UInt8]) throws -> [UInt8] {
        let optimal = try PNGCodec.encode(try PNGCodec.decode(try TestImages.bytes("png/palette.png")))
        let chunk = MetadataStripper.pngChunk(type, body)
        return Array(optimal.dropLast(12)) + chunk + Array(optimal.suffix(12))
    }

    static func settings(_ policy: String, stripGPS: Bool) throws -> CompressionSettings {
        var settings = CompressionSettings()
        settings.metadata = try #require(MetadataPolicy(parsing: policy))
        settings.metadata.stripGPS = stripGPS
        return settings
    }

    /// Erasing GPS keeps the EXIF block's size, so the stripped original is no smaller than the
    /// original; it used to be discarded and the original kept, GPS and all.
    @Test func stripGPSAppliesWhenTheOriginalIsKept() throws {
        let file = try Self.optimalPNG(adding: "eXIf", try Self.exifWithGPS())
        let result = try Compressor.compress(file, settings: try Self.settings("all", stripGPS: true))
        #expect(result.method == .metadataStripped)
        #expect(result.bytes.count <= file.count)
        let exif = try #require(MetadataReader.png(result.bytes).exif)
        #expect(!ExifSummary(tiff: exif[...]).hasGPS)
        #expect(result.metadataRemoved == ["gps"])
    }

    /// An eXIf chunk that keeps JPEG's "Exif\0\0" prefix is read like any other.
    @Test func eXIfWithTheJPEGPrefixIsRead() throws {
        let file = try Self.optimalPNG(adding: "eXIf", EmbeddedMetadata.exifSignature + (try Self.exifWithGPS()))
        #expect(MetadataReader.png(file).exifSummary?.hasGPS == true)
        let result = try Compressor.compress(file, settings: try Self.settings("all", stripGPS: true))
        #expect(MetadataReader.png(result.bytes).exifSummary?.hasGPS == false)
    }

    /// A block that is not TIFF (wrong magic) cannot be searched for GPS: under --strip-gps it
    /// goes whole, and inspect says there is something it cannot read.
    @Test func unreadableEXIFGoesUnderStripGPS() throws {
        var exif = try Self.exifWithGPS()
        exif[2] = 0x00
        exif[3] = 0x00
        let file = try Self.optimalPNG(adding: "eXIf", exif)
        let result = try Compressor.compress(file, settings: try Self.settings("all", stripGPS: true))
        #expect(MetadataReader.png(result.bytes).exif == nil)
        #expect(result.metadataRemoved.contains("exif"))
        let inspection = try ImageInspection.inspect(file, path: "x.png")
        #expect(inspection.privacyItems.contains("EXIF (unreadable)"))
        // Without --strip-gps, `all` keeps it as it is.
        let kept = try Compressor.compress(file, settings: try Self.settings("all", stripGPS: false))
        #expect(MetadataReader.png(kept.bytes).exif == exif)
    }

    /// --srgb leaves a gray profile alone, so a gray PNG is not "converted": the never-larger
    /// rule holds (--in-place grew such a file by 18 bytes).
    @Test func srgbOnAGrayProfileIsNeverLarger() throws {
        var color = ColorInfo()
        color.iccProfile = GrayProfileTests.grayProfile(gamma: 1.0)
        let image = PixelBuffer(
            width: 32, height: 32, layout: .gray, bitDepth: 8, color: color, samples: (0..<1024).map { UInt8($0 % 251) }
        )
        let file = try PNGCodec.encode(image)
        var settings = CompressionSettings()
        settings.convertToSRGB = true
        let result = try Compressor.compress(file, settings: settings)
        #expect(result.bytes.count <= file.count)
        #expect(!result.convertedColours)
    }

    /// inspect's text shows control characters from the file as escapes: an escape sequence in a
    /// comment must not reach the terminal, nor a newline in a keyword start a line of its own.
    @Test func inspectEscapesControlCharacters() throws {
        var file = try Self.optimalPNG(adding: "tEXt", Array("Comment".utf8) + [0] + Array("\u{1b}[2Jred\u{7}".utf8))
        file =
            Array(file.dropLast(12)) + MetadataStripper.pngChunk("tEXt", Array("Copy\nright".utf8) + [0, 0x41])
            + Array(file.suffix(12))
        let text = try ImageInspection.inspect(file, path: "x.png").text
        #expect(!text.contains("\u{1b}") && !text.contains("\u{7}"))
        #expect(text.contains("Copy\\nright"))
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("  ") || $0 == "x.png" })
        // A right-to-left override would make what follows it read backwards.
        #expect("gnp.\u{202E}evil".escapingControlCharacters == "gnp.\\u{202e}evil")
        #expect("ok \u{2067}x\u{2069}".escapingControlCharacters == "ok \\u{2067}x\\u{2069}")
    }

    /// A stray "ICC_PROFILE" segment (a count of 0, or part 2 of 2 alone) does not cost the file
    /// its real profile: libjpeg's reader gave up on the whole profile, and the colours changed
    /// without a word. A profile that cannot be read at all is reported as removed.
    @Test func strayICCSegmentsDoNotLoseTheProfile() throws {
        let original = try TestImages.bytes("metadata/tagged.jpg")
        let profile = try #require(try JPEGCodec.readInfo(original).iccProfile)
        func segment(_ payload: [UInt8]) -> [UInt8] {
            [0xFF, 0xE2, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        }
        let signature = Array("ICC_PROFILE".utf8) + [0]
        var file = original
        file.insert(contentsOf: segment(signature + [0, 0]) + segment(signature + [2, 2, 1, 2, 3]), at: 2)
        #expect(try JPEGCodec.readInfo(file).iccProfile == profile)
        // (`all`: by default an sRGB profile is left out of JPEG on purpose.)
        var lossless = try Self.settings("all", stripGPS: false)
        lossless.lossless = true
        let result = try Compressor.compress(file, settings: lossless)
        #expect(try JPEGCodec.readInfo(result.bytes).iccProfile == profile)
        #expect(!result.metadataRemoved.contains("icc"))
        // Only the stray parts: nothing to read, and the report says the profile is gone.
        let broken = try Compressor.compress(
            Array(original.prefix(2)) + segment(signature + [2, 2, 1, 2, 3])
                + Array(try TestImages.bytes("jpeg/hopper.jpg").dropFirst(2)),
            settings: lossless)
        #expect(try JPEGCodec.readInfo(broken.bytes).iccProfile == nil)
        #expect(broken.metadataRemoved.contains("icc"), "\(broken.metadataRemoved)")
    }

    /// The stripped original writes the EXIF it keeps after a JFIF APP0, which JFIF wants first.
    @Test func strippedEXIFFollowsTheJFIFHeader() throws {
        let exif = try Self.exifWithGPS()
        let plan = MetadataStripper.Plan(exif: exif, xmp: nil, keepIPTC: false, keepComments: false, keepICC: true)
        let stripped = try #require(
            MetadataStripper.strip(try TestImages.bytes("jpeg/hopper.jpg"), format: .jpeg, plan: plan))
        #expect(Array(stripped[2..<4]) == [0xFF, 0xE0])
        #expect(MetadataReader.jpeg(stripped).exif == exif)
    }

    /// Values are trimmed of spaces at both ends only; a 4 MB EXIF string took 6 s to trim.
    @Test func trimmingSpacesKeepsTheMiddle() throws {
        #expect("  a b  ".trimmingSpaces() == "a b")
        #expect("   ".trimmingSpaces() == "" && "".trimmingSpaces() == "")
        #expect("x".trimmingSpaces() == "x")
        let long = String(repeating: "ab ", count: 1 << 20)
        #expect(long.trimmingSpaces().count == long.count - 1)
        let tiff = try #require(ExifEditor.minimal(artist: "  " + long + " "))
        #expect(ExifSummary(tiff: tiff[...]).artist?.count == long.count - 1)
    }

    /// A gray JPEG carrying an sRGB profile, under --srgb with everything kept: the profile goes
    /// on every path, so a second run finds nothing more (the re-encode kept it, the lossless
    /// path dropped it, and the two runs disagreed by 40 %).
    @Test func srgbDropsAnSRGBProfileFromGrayToo() throws {
        let srgb = try #require(try PNGCodec.decode(try TestImages.bytes("png/icc.png")).color.iccProfile)
        var gray = try JPEGCodec.decode(try TestImages.bytes("jpeg/gray.jpg"))
        gray.color.iccProfile = srgb
        let source = try JPEGCodec.encode(gray, options: JPEGEncodeOptions(quality: 95))
        var settings = try Self.settings("all", stripGPS: false)
        settings.convertToSRGB = true
        let first = try Compressor.compress(source, settings: settings)
        #expect(try JPEGCodec.readInfo(first.bytes).iccProfile == nil)
        let second = try Compressor.compress(first.bytes, settings: settings)
        #expect(second.method == .original, "\(second.method)")
    }

    /// An sRGB profile left out of JPEG and WebP (their decoders assume sRGB) is listed as
    /// removed, on the conversion, re-encode and lossless paths alike; PNG carries it (as the
    /// sRGB chunk), and so does JPEG under `all`.
    @Test func droppedSRGBProfileIsReportedAsRemoved() throws {
        let png = try TestImages.bytes("png/icc.png")
        let defaults = CompressionSettings()
        for target in [ImageFormat.jpeg, .webp] {
            var settings = defaults
            settings.outputFormat = target
            let result = try Compressor.compress(png, settings: settings)
            #expect(result.metadataRemoved.contains("icc"), "\(target)")
        }
        var toPNG = defaults
        toPNG.outputFormat = .png
        #expect(!(try Compressor.compress(png, settings: toPNG)).metadataRemoved.contains("icc"))

        var image = try PNGCodec.decode(png)
        #expect(image.color.iccProfile != nil)
        image = PixelConversions.forJPEG(image, background: RGBColor(red: 255, green: 255, blue: 255))
        let jpeg = try JPEGCodec.encode(image, options: JPEGEncodeOptions(quality: 95))
        #expect(try JPEGCodec.readInfo(jpeg).iccProfile != nil)
        var lossless = defaults
        lossless.lossless = true
        for settings in [defaults, lossless] {
            let result = try Compressor.compress(jpeg, settings: settings)
            #expect(try JPEGCodec.readInfo(result.bytes).iccProfile == nil)
            #expect(result.metadataRemoved.contains("icc"), "\(result.method)")
        }
        let kept = try Compressor.compress(jpeg, settings: try Self.settings("all", stripGPS: false))
        #expect(try JPEGCodec.readInfo(kept.bytes).iccProfile != nil)
        #expect(!kept.metadataRemoved.contains("icc"))
    }

    /// inspect's text shows the start of a long comment and its size; --json has it whole.
    @Test func inspectShortensLongComments() throws {
        let long = String(repeating: "0123456789", count: 1000)
        let file = try Self.optimalPNG(adding: "tEXt", Array("Comment".utf8) + [0] + Array(long.utf8))
        let inspection = try ImageInspection.inspect(file, path: "x.png")
        #expect(inspection.text.contains("  comment: " + long.prefix(200) + "… (10000 bytes)\n"))
        #expect(inspection.json.contains(long))
    }
}
