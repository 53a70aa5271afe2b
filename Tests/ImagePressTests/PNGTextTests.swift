import Foundation
import Testing

@testable import ImagePress

/// PNG text chunks: the three chunk types, compressed text, and what imgpress reads from them.
struct PNGTextTests {
    /// PngSuite's ct*n0g04 files carry the same keywords as tEXt, zTXt (compressed) and iTXt in
    /// several languages.
    @Test(
        .enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"),
        arguments: [
            (
                "ct1n0g04", "Willem A.J. van Schaik\n(willem@schaik.com)",
                "Copyright Willem van Schaik, Singapore 1995-96"
            ),
            (
                "ctzn0g04", "Willem A.J. van Schaik\n(willem@schaik.com)",
                "Copyright Willem van Schaik, Singapore 1995-96"
            ),
            ("cten0g04", "Willem van Schaik (willem@schaik.com)", "Copyright Willem van Schaik, Canada 2011"),
            ("ctjn0g04", "Willem van Schaik (willem@schaik.com)", "著作権ウィレムヴァンシャイク、カナダ2011"),
        ])
    func authorAndCopyrightAreRead(name: String, author: String, copyright: String) throws {
        let metadata = MetadataReader.png(try TestImages.corpusBytes("pngsuite/\(name).png"))
        #expect(metadata.textAuthor == author)
        #expect(metadata.textCopyright == copyright)
        #expect(metadata.textKeywords == ["Title", "Author", "Copyright", "Description", "Software", "Disclaimer"])
    }

    /// `--keep-metadata copyright` writes them as EXIF Artist and Copyright, which every output
    /// format carries; the other text chunks are reported removed.
    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func copyrightPolicyCarriesTextAuthorAndCopyright() throws {
        let metadata = MetadataReader.png(try TestImages.corpusBytes("pngsuite/ctzn0g04.png"))
        let policy = try #require(MetadataPolicy(parsing: "copyright"))
        let (embedded, removed) = policy.plan(
            metadata, dropsICC: false, target: .webp, orientationApplied: false, keepOrientation: nil)
        let summary = ExifSummary(tiff: try #require(embedded.exif)[...])
        #expect(summary.artist == "Willem A.J. van Schaik\n(willem@schaik.com)")
        #expect(summary.copyright == "Copyright Willem van Schaik, Singapore 1995-96")
        #expect(removed == ["text"])
        let none = MetadataPolicy.standard.plan(
            metadata, dropsICC: false, target: .png, orientationApplied: false, keepOrientation: nil)
        #expect(none.embedded.exif == nil)
    }

    /// XMP stored in a zTXt chunk (libvips's test file sample.png holds a short stand-in string)
    /// is XMP all the same.
    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func xmpInZTXtIsRead() throws {
        let metadata = MetadataReader.png(try TestImages.corpusBytes("libvips/sample.png"))
        #expect(metadata.xmp == Array("sample xmp string".utf8))
        #expect(metadata.textKeywords.isEmpty)
    }

    /// ImageMagick keeps EXIF in a PNG as a hexadecimal "Raw profile type exif" zTXt. Its GPS
    /// position must show in inspect and count as removed like any EXIF.
    @Test func imageMagickRawExifProfileIsRead() throws {
        let tiff = try #require(ExifEditor.minimal(orientation: .right, artist: "A. Painter"))
        let payload = EmbeddedMetadata.exifSignature + tiff
        let hex = payload.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        var text = "\nexif\n      \(payload.count)\n"
        for start in stride(from: 0, to: hex.count, by: 36) {
            text += hex[start..<min(start + 36, hex.count)].joined() + "\n"
        }
        let compressed = try Deflate.compress(Array(text.utf8), with: .zlib(level: 9, strategy: 0))
        let chunk = Array("Raw profile type exif".utf8) + [0, 0] + compressed
        let file = try inserting(chunk: "zTXt", chunk, into: try TestImages.bytes("png/hopper.png"))
        let metadata = MetadataReader.png(file)
        #expect(metadata.exif == tiff)
        #expect(metadata.orientation == .right)
        #expect(metadata.exifSummary?.artist == "A. Painter")
        #expect(!metadata.textKeywords.contains("Raw profile type exif"))
        // A damaged stream is a text chunk like any other, not a crash or an error.
        let broken = try inserting(
            chunk: "zTXt", Array(chunk.dropLast(4)), into: try TestImages.bytes("png/hopper.png"))
        let damaged = MetadataReader.png(broken)
        #expect(damaged.exif == nil && damaged.textKeywords.contains("Raw profile type exif"))
    }

    /// When the original is kept (nothing smaller was found), the stripper keeps XMP and
    /// comments in whichever text chunk holds them, as the policy says, and drops other text.
    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func stripperKeepsXMPAndCommentsInAnyTextChunk() throws {
        let comment = Array("Comment".utf8) + [0] + Array("kept".utf8)
        let title = Array("Title".utf8) + [0] + Array("dropped".utf8)
        var file = try inserting(chunk: "tEXt", comment, into: try TestImages.corpusBytes("libvips/sample.png"))
        file = try inserting(chunk: "tEXt", title, into: file)
        let keep = MetadataStripper.Plan(
            exif: nil, xmp: Array("sample xmp string".utf8), keepIPTC: false, keepComments: true, keepICC: true)
        let kept = try #require(MetadataStripper.strip(file, format: .png, plan: keep))
        #expect(chunkTypes(kept).filter { $0.hasSuffix("Xt") } == ["tEXt", "zTXt"])
        #expect(MetadataReader.png(kept).xmp == Array("sample xmp string".utf8))
        #expect(MetadataReader.png(kept).comments == ["kept"])
        let drop = MetadataStripper.Plan(exif: nil, xmp: nil, keepIPTC: false, keepComments: false, keepICC: true)
        let dropped = try #require(MetadataStripper.strip(file, format: .png, plan: drop))
        #expect(chunkTypes(dropped).filter { $0.hasSuffix("Xt") }.isEmpty)
        #expect(try PNGCodec.decode(dropped) == (try PNGCodec.decode(file)))
    }

    /// A raw profile whose length field is larger than its text can hold is not a profile (it
    /// must not size an allocation: 2^63 - 1 used to trap).
    @Test func rawProfileLengthIsCheckedAgainstTheText() throws {
        let chunk = Array("Raw profile type exif".utf8) + [0] + Array("\nexif\n9223372036854775807\n00\n".utf8)
        let file = try inserting(chunk: "tEXt", chunk, into: try TestImages.bytes("png/hopper.png"))
        let metadata = MetadataReader.png(file)
        #expect(metadata.exif == nil && metadata.textKeywords.contains("Raw profile type exif"))
    }

    /// Only the XMP packet the reader took (and --strip-gps checked) stays in a stripped
    /// original; a second XMP chunk, which nothing looked inside, goes.
    @Test func aSecondXMPChunkIsNotKept() throws {
        let first = Array("XML:com.adobe.xmp".utf8) + [0, 0, 0, 0, 0] + Array("<x:xmpmeta>clean</x:xmpmeta>".utf8)
        let hex = Array("<x:xmpmeta>GPSLatitude 48,51</x:xmpmeta>".utf8).map { String(format: "%02x", $0) }.joined()
        let second = Array("Raw profile type xmp".utf8) + [0] + Array("\nxmp\n     40\n\(hex)\n".utf8)
        var file = try inserting(chunk: "tEXt", second, into: try TestImages.bytes("png/hopper.png"))
        file = try inserting(chunk: "iTXt", first, into: file)
        let metadata = MetadataReader.png(file)
        #expect(metadata.xmp == Array("<x:xmpmeta>clean</x:xmpmeta>".utf8))
        var policy = try #require(MetadataPolicy(parsing: "all"))
        policy.stripGPS = true
        let plan = policy.plan(metadata, dropsICC: false, target: .png, orientationApplied: false, keepOrientation: nil)
        let stripped = try #require(
            MetadataStripper.strip(
                file, format: .png,
                plan: MetadataStripper.Plan(
                    exif: plan.embedded.exif, xmp: plan.embedded.xmp, keepIPTC: false, keepComments: true, keepICC: true
                )))
        #expect(!String(decoding: stripped, as: UTF8.self).contains("GPS"))
        #expect(!String(decoding: stripped, as: UTF8.self).contains(hex))
        #expect(chunkTypes(stripped).filter { $0 == "iTXt" || $0 == "tEXt" } == ["iTXt"])
    }

    /// Comments read from any text chunk are written back readable: tEXt (Latin-1) when they
    /// fit, iTXt (UTF-8) otherwise.
    @Test func commentsKeepTheirCharacters() throws {
        let image = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        for comment in ["café", "著作権 2011"] {
            let file = try PNGCodec.encode(image, metadata: EmbeddedMetadata(comments: [comment]))
            #expect(MetadataReader.png(file).comments == [comment])
            #expect(chunkTypes(file).contains(comment == "café" ? "tEXt" : "iTXt"))
        }
    }

    /// `all` keeps at least what `copyright` keeps: a PNG's Author and Copyright text, as EXIF.
    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func allKeepsTextCopyrightToo() throws {
        let metadata = MetadataReader.png(try TestImages.corpusBytes("pngsuite/ctzn0g04.png"))
        let policy = try #require(MetadataPolicy(parsing: "all"))
        let plan = policy.plan(metadata, dropsICC: false, target: .png, orientationApplied: false, keepOrientation: nil)
        let summary = ExifSummary(tiff: try #require(plan.embedded.exif)[...])
        #expect(summary.copyright == "Copyright Willem van Schaik, Singapore 1995-96")
        #expect(policy.keptBlocks == "icc,exif,copyright,xmp,iptc,comment,app")
    }

    /// A compressed iTXt that would inflate past the limit is not inflated.
    @Test func inflateStopsAtItsLimit() throws {
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let compressed = try Deflate.compress(zeros, with: .zlib(level: 9, strategy: 0))
        #expect(Deflate.inflate(compressed[...]) == zeros)
        #expect(Deflate.inflate(compressed[...], limit: 1 << 19) == nil)
        #expect(Deflate.inflate(compressed.dropLast(3)) == nil)
    }

    /// The file with one more chunk after IHDR (CRC included).
    private func inserting(chunk type: String, _ data: [UInt8], into file: [UInt8]) throws -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        let encoded = bigEndian(UInt32(data.count)) + typeAndData + bigEndian(CRC32.checksum(typeAndData))
        let afterHeader = 8 + 12 + 13
        return Array(file[..<afterHeader]) + encoded + Array(file[afterHeader...])
    }
}
