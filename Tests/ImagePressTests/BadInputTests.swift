import Testing

@testable import ImagePress

/// Every broken file is rejected with a specific reason, before any large allocation.
struct BadInputTests {
    @Test(
        "bundled broken files are rejected with a specific reason",
        arguments: [
            ("bad/empty.png", "empty file"),
            ("bad/random.bin", "not a JPEG, PNG or WebP file"),
            ("bad/not-an-image.txt", "not a JPEG, PNG or WebP file"),
            ("bad/text-named.jpg", "not a JPEG, PNG or WebP file"),
            ("bad/truncated.jpg", "truncated or corrupt JPEG data (Premature end of JPEG file)"),
            ("bad/truncated.png", "truncated or corrupt PNG data (file is truncated)"),
            ("bad/truncated.webp", "truncated or corrupt WebP data (file is truncated)"),
            ("bad/bad-crc.png", "truncated or corrupt PNG data"),
            ("bad/pngsuite-bad-checksum.png", "truncated or corrupt PNG data (IDAT: CRC error)"),
            ("bad/no-soi.jpg", "not a JPEG, PNG or WebP file"),
            ("bad/huge-dimensions.png", "image is 100000×100000 pixels, over the limit"),
            ("bad/huge-dimensions.jpg", "image is 65000×65000 pixels, over the limit"),
            ("bad/huge-dimensions.webp", "truncated or corrupt WebP data"),
        ])
    func rejected(path: String, reason: String) throws {
        let data = try TestImages.bytes(path)
        let error = #expect(throws: ImagePressError.self) {
            _ = try Compressor.compress(data, settings: CompressionSettings())
        }
        #expect(error?.description.hasPrefix(reason) == true, "\(path): \(String(describing: error))")
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func everyCorpusBadFileIsRejectedOrDecodedWhole() throws {
        // Stray bytes between segments only draw a libjpeg warning; the image itself is intact.
        let intact: Set = ["pillow-junk_jpeg_header.jpg"]
        let names = TestImages.files(in: TestImages.corpus + "/bad")
        #expect(names.count >= 20)
        for name in names {
            let data = try TestImages.corpusBytes("bad/" + name)
            if intact.contains(name) {
                #expect(try ImageDecoder.decode(data).width > 0)
            } else {
                #expect(throws: ImagePressError.self, "\(name) was accepted") { try ImageDecoder.decode(data) }
            }
        }
    }

    @Test func pixelLimitIsCheckedBeforeDecoding() throws {
        var settings = CompressionSettings()
        settings.maxPixels = 100 * 100
        let error = #expect(throws: ImagePressError.self) {
            _ = try Compressor.compress(try TestImages.bytes("png/hopper.png"), settings: settings)
        }
        #expect(error == .tooManyPixels(width: 128, height: 128, limit: 10_000))
        for path in ["jpeg/hopper.jpg", "webp/lossy.webp"] {
            #expect(throws: ImagePressError.tooManyPixels(width: 128, height: 128, limit: 10_000)) {
                _ = try Compressor.compress(try TestImages.bytes(path), settings: settings)
            }
        }
    }
}
