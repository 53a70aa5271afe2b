import Foundation
import ImagePress
import Testing

/// Damaged WebPs that libwebp half-reads (found by fuzzing): each is an error for its file,
/// never "kept" or copied with the metadata the settings remove, and never rewritten into a file
/// that no longer decodes.
struct DamagedWebPTests {
    /// Fixtures/metadata/tagged.webp (VP8X, ALPH, VP8, EXIF with GPS, XMP) changed by `damage`.
    private static func damaged(_ damage: (inout [UInt8]) -> Void) throws -> [UInt8] {
        var bytes = try FileIO.read(Imgpress.fixture("metadata/tagged.webp"))
        damage(&bytes)
        return bytes
    }

    /// Offset of the body of the first chunk of this type.
    private static func body(of type: String, in file: [UInt8]) -> (offset: Int, size: Int) {
        var offset = 12
        while offset + 8 <= file.count {
            let size = file[(offset + 4)..<(offset + 8)].reversed().reduce(0) { $0 << 8 | Int($1) }
            if String(decoding: file[offset..<(offset + 4)], as: UTF8.self) == type { return (offset + 8, size) }
            offset += 8 + size + size % 2
        }
        return (0, 0)
    }

    static let cases: [(String, @Sendable (inout [UInt8]) -> Void)] = [
        // Cut inside the trailing XMP: the image decodes, but the EXIF (GPS) cannot be taken out.
        ("cut in XMP", { bytes in bytes.removeLast(bytes.count - 7900) }),
        // The VP8 first partition claims the whole chunk: libwebp reads on into the EXIF bytes,
        // which a metadata-only rewrite removes.
        ("partition past its chunk", { bytes in
            let (offset, size) = body(of: "VP8 ", in: bytes)
            let tag = (size - 10) << 5 | 0x10
            bytes[offset] = UInt8(tag & 0xFF)
            bytes[offset + 1] = UInt8(tag >> 8 & 0xFF)
            bytes[offset + 2] = UInt8(tag >> 16 & 0xFF)
        }),
        // Alpha data overwritten: dwebp says BITSTREAM_ERROR.
        ("alpha overwritten", { bytes in
            let (offset, _) = body(of: "ALPH", in: bytes)
            for index in (offset + 1)..<(offset + 2000) { bytes[index] = 0xFF }
        }),
    ]

    @Test(arguments: cases.map(\.0))
    func aDamagedWebPIsAnError(name: String) throws {
        let damage = try #require(Self.cases.first { $0.0 == name }?.1)
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = try Self.damaged(damage)
        try FileIO.writeAtomically(input, to: folder + "/in.webp", replace: false)
        let copy = try Imgpress.run([folder + "/in.webp", "-o", folder + "/out/"])
        #expect(copy.status == 1, "\(copy.stderr)")
        #expect(copy.stderr.contains("in.webp: truncated or corrupt WebP data"), "\(copy.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/in.webp"))
        #expect(try Imgpress.run([folder + "/in.webp", "--in-place"]).status == 1)
        #expect(try FileIO.read(folder + "/in.webp") == input)
        #expect(try Imgpress.run(["--check", folder + "/in.webp"]).status == 1)
    }
}
