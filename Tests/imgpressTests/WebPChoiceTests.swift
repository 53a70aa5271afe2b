import Foundation
import ImagePress
import Testing

/// PNG → WebP keeps the smaller of lossy and lossless; WebP's size limit is a clear error.
struct WebPChoiceTests {
    @Test func aFlatGraphicBecomesLosslessWhenThatIsSmaller() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = Imgpress.fixture("png/gray1-interlaced.png")
        #expect(try Imgpress.run([source, "-f", "webp", "-o", folder + "/auto.webp"]).status == 0)
        #expect(try Imgpress.run([source, "-f", "webp", "--lossless", "-o", folder + "/lossless.webp"]).status == 0)
        let auto = try FileIO.read(folder + "/auto.webp")
        #expect(try WebPCodec.readInfo(auto).isLossless)
        let original = try PNGCodec.decode(try FileIO.read(source))
        #expect(PixelComparison.samePixels(try WebPCodec.decode(auto), original))
        // A photo stays lossy: lossless would be several times larger.
        #expect(try Imgpress.run([Imgpress.fixture("png/hopper.png"), "-f", "webp", "-o", folder + "/p.webp"]).status == 0)
        #expect(try !WebPCodec.readInfo(try FileIO.read(folder + "/p.webp")).isLossless)
    }

    @Test func anImageWiderThanWebPAllowsIsAClearError() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let wide = PixelBuffer(
            width: 16_400, height: 2, layout: .gray, bitDepth: 8, color: ColorInfo(),
            samples: (0..<32_800).map { UInt8(truncatingIfNeeded: $0) })
        try FileIO.writeAtomically(try PNGCodec.encode(wide), to: folder + "/wide.png", replace: true)
        let result = try Imgpress.run([folder + "/wide.png", "-f", "webp", "-o", folder + "/wide.webp"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("wide.png") && result.stderr.contains("16383"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/wide.webp"))
    }
}
