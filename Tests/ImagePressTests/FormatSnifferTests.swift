import Testing

@testable import ImagePress

struct FormatSnifferTests {
    @Test(
        "recognises the three formats from their first bytes, whatever the file is called",
        arguments: [("jpeg/hopper.jpg", ImageFormat.jpeg), ("png/hopper.png", .png), ("webp/lossy.webp", .webp)])
    func recognisesFormats(path: String, format: ImageFormat) throws {
        #expect(FormatSniffer.sniff(try TestImages.bytes(path)) == .supported(format))
    }

    @Test func namesOtherImageFormats() {
        #expect(FormatSniffer.sniff(Array("GIF89a....".utf8)) == .unsupported("GIF"))
        #expect(FormatSniffer.sniff([0x49, 0x49, 0x2A, 0x00, 1, 2]) == .unsupported("TIFF"))
        #expect(FormatSniffer.sniff([0, 0, 0, 0x1C] + Array("ftypavif".utf8)) == .unsupported("AVIF"))
    }

    @Test func textIsUnknownAndEmptyIsAnError() throws {
        #expect(FormatSniffer.sniff(try TestImages.bytes("bad/text-named.jpg")) == .unknown)
        #expect(throws: ImagePressError.emptyFile) { try ImageDecoder.format(of: []) }
        let error = #expect(throws: ImagePressError.self) { try ImageDecoder.format(of: Array("hello".utf8)) }
        #expect(error?.description == "not a JPEG, PNG or WebP file (starts with 0x68 0x65 0x6C 0x6C)")
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func pngWithMangledLineEndingsIsNamedAsDamaged() throws {
        let data = try TestImages.corpusBytes("bad/pngsuite-xcrn0g04.png")
        #expect(FormatSniffer.sniff(data) == .damaged(.png))
    }
}
