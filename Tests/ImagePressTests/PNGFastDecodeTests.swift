import CShims
import Testing

@testable import ImagePress

/// The libdeflate fast path for common PNGs must give libpng's samples exactly, and must hand
/// every file libpng would refuse back to libpng (so the error a user sees stays libpng's).
struct PNGFastDecodeTests {
    /// Samples from the fast path (nil when it declined the file) and from libpng (nil when libpng
    /// refused it).
    static func decodeBothWays(_ data: [UInt8]) -> (fast: [UInt8]?, libpng: [UInt8]?) {
        var info = ipx_png_info()
        var infoStatus = ipx_status()
        guard ipx_png_read_info(data, data.count, &info, nil, nil, &infoStatus) == IPX_OK else { return (nil, nil) }
        let count = Int(info.width) * Int(info.height) * Int(info.channels) * Int(info.output_depth) / 8
        guard count > 0, count < 1 << 28 else { return (nil, nil) }
        var fast = [UInt8](repeating: 0, count: count)
        var reference = [UInt8](repeating: 0, count: count)
        let fastDecoded = ipx_png_decode_fast(data, data.count, &fast, count) == 1
        var status = ipx_status()
        let libpngDecoded = ipx_png_decode_libpng(data, data.count, &reference, count, &status) == IPX_OK
        return (fastDecoded ? fast : nil, libpngDecoded ? reference : nil)
    }

    static var goodPNGs: [String] {
        let fixtures = TestImages.files(in: TestImages.fixtures + "/png", extension: "png").map {
            TestImages.fixtures + "/png/" + $0
        }
        let corpus = ["skimage", "pillow", "libvips", "pngsuite"].flatMap { folder in
            TestImages.files(in: TestImages.corpus + "/" + folder, extension: "png").map {
                TestImages.corpus + "/" + folder + "/" + $0
            }
        }
        return fixtures + corpus
    }

    @Test func everyFileTheFastPathTakesDecodesToLibpngsSamples() throws {
        var taken = 0
        var declined = 0
        for path in Self.goodPNGs {
            let (fast, libpng) = Self.decodeBothWays(try FileIO.read(path))
            guard let fast else {
                declined += 1
                continue
            }
            taken += 1
            #expect(libpng != nil, "\(path): libpng refuses what the fast path took")
            #expect(fast == libpng, "\(path)")
        }
        // It must really be exercised: RGB, RGBA, gray, gray+alpha and 16-bit fixtures qualify;
        // palette, low-bit, interlaced and tRNS files do not.
        #expect(taken >= 8, "fast path took \(taken) files")
        #expect(declined >= 5, "fast path declined \(declined) files")
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func brokenFilesAreLeftToLibpng() throws {
        let bad = TestImages.files(in: TestImages.corpus + "/bad", extension: "png")
        #expect(bad.count >= 10)
        for name in bad {
            let data = try FileIO.read(TestImages.corpus + "/bad/" + name)
            let (fast, libpng) = Self.decodeBothWays(data)
            if libpng == nil { #expect(fast == nil, "\(name): the fast path accepted a file libpng refuses") }
            if let fast { #expect(fast == libpng, "\(name)") }
        }
    }

    @Test func damageAnywhereSendsTheFileToLibpng() throws {
        let original = try TestImages.bytes("png/hopper.png")  // 8-bit RGB: the fast path's kind
        #expect(Self.decodeBothWays(original).fast != nil)
        let idat = try #require(chunkOffset(original, type: "IDAT"))
        // A flipped byte in the image data: its CRC no longer matches.
        var flipped = original
        flipped[idat + 8 + 40] ^= 0x10
        #expect(Self.decodeBothWays(flipped).fast == nil)
        // The same damage with the CRC made to match: the zlib stream's own checksum catches it.
        let length = Int(bigEndian32(flipped, at: idat))
        let crc = CRC32.checksum(Array(flipped[(idat + 4)..<(idat + 8 + length)]))
        flipped.replaceSubrange((idat + 8 + length)..<(idat + 12 + length), with: bigEndianBytes(crc))
        #expect(Self.decodeBothWays(flipped).fast == nil)
        // Cut short, and without IEND.
        #expect(Self.decodeBothWays(Array(original.prefix(original.count / 2))).fast == nil)
        #expect(Self.decodeBothWays(Array(original.dropLast(12))).fast == nil)
    }

    private func chunkOffset(_ data: [UInt8], type: String) -> Int? {
        var at = 8
        while at + 12 <= data.count {
            let length = Int(bigEndian32(data, at: at))
            if String(decoding: data[(at + 4)..<(at + 8)], as: UTF8.self) == type { return at }
            at += length + 12
        }
        return nil
    }

    private func bigEndian32(_ data: [UInt8], at offset: Int) -> UInt32 {
        data[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private func bigEndianBytes(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }
}
