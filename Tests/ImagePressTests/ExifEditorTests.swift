import Testing

@testable import ImagePress

/// Editing EXIF blocks that are cut short or lie about their sizes (found by fuzzing).
struct ExifEditorTests {
    /// IFD0 with one GPS pointer; the GPS IFD says it has one entry, but only 11 of its 12
    /// bytes are there. Removing GPS used to clear the whole 12 bytes and trap.
    static let cutGPSEntry: [UInt8] = [
        0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,  // header, IFD0 at 8
        0x00, 0x01, 0x88, 0x25, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1A,  // GPS IFD at 26
        0x00, 0x00, 0x00, 0x00,  // no next IFD
        0x00, 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x4E, 0x00, 0x00,  // 11 of 12 bytes
    ]

    @Test func removingGPSFromACutEntryDoesNotTrap() throws {
        let tiff = Self.cutGPSEntry
        #expect(tiff.count == 39)
        let edited = ExifEditor.removingGPS(tiff)
        #expect(edited.count == tiff.count)
        // The GPS directory now holds no entries.
        #expect(edited[26] == 0 && edited[27] == 0)
        #expect(ExifSummary(tiff: edited[...]).latitude == nil)
    }

    /// Through the compressor, with EXIF kept and GPS stripped, in each container.
    @Test func aCutGPSEntryIsStrippedInEveryFormat() throws {
        let image = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        var settings = CompressionSettings()
        settings.metadata = try #require(MetadataPolicy(parsing: "all"))
        settings.metadata.stripGPS = true
        let png = try PNGCodec.encode(image, metadata: EmbeddedMetadata(exif: Self.cutGPSEntry))
        for format in ImageFormat.allCases {
            settings.outputFormat = format
            let result = try Compressor.compress(png, settings: settings)
            let exif = MetadataReader.read(result.bytes, format: format).exif
            #expect(exif.map { ExifSummary(tiff: $0[...]).hasGPS } != true, "\(format)")
        }
    }
}
