import Testing

@testable import ImagePress

/// JPEG's maker and program blocks (APP2-APP15 beyond the profile, extended XMP, a second
/// APP13): `--keep-metadata all` (or `app`) carries them; anything else, or --strip-gps, drops
/// them and says so.
struct ApplicationSegmentTests {
    static let extendedXMP = JPEGSegment(
        marker: 0xE1, payload: Array("http://ns.adobe.com/xmp/extension/".utf8) + [0] + Array("0123456789ABCDEF".utf8))
    static let flashPix = JPEGSegment(marker: 0xE2, payload: Array("FPXR".utf8) + [0, 0, 1, 2])
    static let meta = JPEGSegment(marker: 0xE3, payload: Array("Meta".utf8) + [0, 7, 7])
    static let secondPhotoshop = JPEGSegment(marker: 0xED, payload: Array("Photoshop 3.0".utf8) + [0, 9])
    static let app15 = JPEGSegment(marker: 0xEF, payload: [1, 2, 3])
    static let carried = [extendedXMP, flashPix, meta, secondPhotoshop, app15]

    /// tagged.jpg (EXIF with GPS, XMP, one APP13, a comment, an sRGB profile) with the segments
    /// above and a multi-picture index inserted after its own.
    static func file() throws -> [UInt8] {
        let tagged = try TestImages.bytes("metadata/tagged.jpg")
        let mpf = JPEGSegment(marker: 0xE2, payload: Array("MPF".utf8) + [0, 0x4D, 0x4D])
        var extra: [UInt8] = []
        for segment in [extendedXMP, flashPix, mpf, meta, secondPhotoshop, app15] {
            let length = segment.payload.count + 2
            extra += [0xFF, segment.marker, UInt8(length >> 8), UInt8(length & 0xFF)] + segment.payload
        }
        // Before the first DQT: after the file's own application segments.
        let tables = try #require((2..<tagged.count - 1).first { tagged[$0] == 0xFF && tagged[$0 + 1] == 0xDB })
        return Array(tagged[..<tables]) + extra + Array(tagged[tables...])
    }

    static func settings(_ policy: String, stripGPS: Bool = false, lossless: Bool = false) throws -> CompressionSettings
    {
        var settings = CompressionSettings()
        settings.metadata = try #require(MetadataPolicy(parsing: policy))
        settings.metadata.stripGPS = stripGPS
        settings.lossless = lossless
        return settings
    }

    @Test func readerFindsThemInFileOrderWithoutTheIndex() throws {
        let metadata = MetadataReader.jpeg(try Self.file())
        #expect(metadata.applicationSegments == Self.carried)
        #expect(metadata.iptc != nil && metadata.xmp != nil && metadata.exif != nil)
        let inspection = try ImageInspection.inspect(try Self.file(), path: "x.jpg")
        #expect(
            inspection.text.contains(
                "  application segments: APP1 http://ns.adobe.com/xmp/extension/ (51 bytes), "
                    + "APP2 FPXR (8 bytes), APP3 Meta (7 bytes), APP13 Photoshop 3.0 (15 bytes), APP15 (3 bytes)\n"))
        #expect(inspection.privacyItems.contains("application segments"))
    }

    @Test(arguments: [false, true])
    func allCarriesThemOnBothPaths(lossless: Bool) throws {
        let result = try Compressor.compress(try Self.file(), settings: try Self.settings("all", lossless: lossless))
        if lossless { #expect(result.method == .jpegLossless) }
        #expect(MetadataReader.jpeg(result.bytes).applicationSegments == Self.carried)
        #expect(!result.metadataRemoved.contains("app"))
        #expect(try JPEGCodec.decode(result.bytes).width == 128)
    }

    @Test func theyGoByDefaultUnderStripGPSAndIntoOtherFormats() throws {
        let file = try Self.file()
        for (settings, target) in [
            (try Self.settings("icc"), ImageFormat.jpeg), (try Self.settings("all", stripGPS: true), .jpeg),
            (try Self.settings("all"), .png), (try Self.settings("all"), .webp),
        ] {
            var settings = settings
            settings.outputFormat = target
            let result = try Compressor.compress(file, settings: settings)
            #expect(MetadataReader.read(result.bytes, format: target).applicationSegments.isEmpty)
            #expect(result.metadataRemoved.contains("app"), "\(settings.metadata) \(target)")
        }
    }

    /// Extended XMP continues the XMP packet, a second APP13 the first one's Photoshop
    /// resources: without those they go too.
    @Test func continuationsGoWithWhatTheyContinue() throws {
        let result = try Compressor.compress(try Self.file(), settings: try Self.settings("exif,app"))
        let metadata = MetadataReader.jpeg(result.bytes)
        #expect(metadata.applicationSegments == [Self.flashPix, Self.meta, Self.app15])
        #expect(metadata.iptc == nil && metadata.xmp == nil)
        #expect(result.metadataRemoved.contains("xmp") && result.metadataRemoved.contains("app"))
    }

    /// A second EXIF or XMP block is not an opaque segment to carry: it went out with `app`,
    /// GPS position and all, while the policy dropped EXIF and XMP.
    @Test func secondEXIFAndXMPBlocksAreNeverCarried() throws {
        let exif = try #require(MetadataReader.jpeg(try TestImages.bytes("jpeg/exif-gps.jpg")).exif)
        #expect(ExifSummary(tiff: exif[...]).hasGPS)
        let xmp = Array("<x:xmpmeta><exif:GPSLatitude>51,30N</exif:GPSLatitude></x:xmpmeta>".utf8)
        var file = try Self.file()
        let extra = [
            JPEGSegment(marker: 0xE1, payload: EmbeddedMetadata.exifSignature + exif),
            JPEGSegment(marker: 0xE1, payload: EmbeddedMetadata.xmpSignature + xmp),
        ].flatMap { segment -> [UInt8] in
            let length = segment.payload.count + 2
            return [0xFF, segment.marker, UInt8(length >> 8), UInt8(length & 0xFF)] + segment.payload
        }
        file.insert(contentsOf: extra, at: 2)
        #expect(MetadataReader.jpeg(file).applicationSegments == Self.carried)
        let result = try Compressor.compress(file, settings: try Self.settings("icc,app"))
        let kept = MetadataReader.jpeg(result.bytes)
        #expect(kept.exif.map { ExifSummary(tiff: $0[...]).hasGPS } != true && kept.xmp == nil)
        #expect(result.bytes.firstRange(of: Array("GPSLatitude".utf8)) == nil)
    }

    /// When the original's own image data is kept (nothing smaller), its container keeps the
    /// segments too; the stripper dropped them whatever the policy.
    @Test func theStrippedOriginalKeepsThem() throws {
        let first = try Compressor.compress(try Self.file(), settings: try Self.settings("all")).bytes
        let result = try Compressor.compress(first, settings: try Self.settings("icc,exif,app"))
        #expect(result.method == .metadataStripped, "\(result.method)")
        #expect(MetadataReader.jpeg(result.bytes).applicationSegments == [Self.flashPix, Self.meta, Self.app15])
        #expect(result.metadataRemoved.contains("app") && result.metadataRemoved.contains("xmp"))
    }

    @Test func policyWordsRoundTrip() throws {
        let all = try #require(MetadataPolicy(parsing: "all"))
        #expect(all.keepApplicationSegments)
        #expect(MetadataPolicy(parsing: all.keptBlocks) == all)
        #expect(try #require(MetadataPolicy(parsing: "app")).keptBlocks == "app")
        #expect(!MetadataPolicy.standard.keepApplicationSegments)
    }
}
