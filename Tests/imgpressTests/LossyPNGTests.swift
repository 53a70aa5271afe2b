import Foundation
import ImagePress
import Testing

/// `--lossy` and `-q MIN-MAX` on PNG: libimagequant's palette, pngquant's refusal rule, and
/// no drift on re-runs.
struct LossyPNGTests {
    static func meanAbsoluteError(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
        let x = PixelConversions.expandedToRGBA(PixelConversions.to8Bit(a)).samples
        let y = PixelConversions.expandedToRGBA(PixelConversions.to8Bit(b)).samples
        var total = 0
        for index in x.indices { total += abs(Int(x[index]) - Int(y[index])) }
        return Double(total) / Double(x.count)
    }

    @Test func lossyGivesAPaletteWithinAQualityFloor() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = Imgpress.fixture("png/hopper.png")
        let original = try PNGCodec.decode(try FileIO.read(source))
        #expect(!PNGQuantizer.fitsInPalette(original), "the fixture needs more than 256 colours")
        let result = try Imgpress.run([
            source, "--lossy", "-o", folder + "/lossy.png", "--report", "json", "--report-file", folder + "/r.json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lossyBytes = try FileIO.read(folder + "/lossy.png")
        #expect(try PNGCodec.readInfo(lossyBytes).isPalette)
        let lossy = try PNGCodec.decode(lossyBytes)
        // pngquant-class quality: on average within 3 levels of 255 per channel.
        #expect(Self.meanAbsoluteError(lossy, original) < 3.0)
        #expect(try Imgpress.run([source, "-o", folder + "/lossless.png"]).status == 0)
        #expect(lossyBytes.count * 2 < (try FileIO.read(folder + "/lossless.png")).count)
        let record = try #require((try BatchTests.json(folder + "/r.json")["files"] as? [[String: Any]])?.first)
        #expect((record["method"] as? String)?.hasPrefix("PNG lossy (palette, quality ") == true)
    }

    @Test func belowTheMinimumTheOriginalIsKeptAndTheReasonGiven() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = Imgpress.fixture("png/hopper.png")
        let result = try Imgpress.run([
            source, "-q", "99-100", "-o", folder + "/out.png", "--report", "json", "--report-file", folder + "/r.json",
        ])
        #expect(result.status == 0)
        let out = try PNGCodec.decode(try FileIO.read(folder + "/out.png"))
        #expect(out.samples == (try PNGCodec.decode(try FileIO.read(source))).samples)
        let record = try #require((try BatchTests.json(folder + "/r.json")["files"] as? [[String: Any]])?.first)
        #expect((record["reason"] as? String)?.contains("minimum quality 99") == true, "\(record)")
        // Converting to PNG must give a PNG: below MIN it is lossless instead.
        #expect(try Imgpress.run([Imgpress.fixture("jpeg/hopper.jpg"), "-q", "99-100", "-o", folder + "/j.png"]).status == 0)
        #expect(try PNGCodec.readInfo(try FileIO.read(folder + "/j.png")).width > 0)
    }

    @Test func aPaletteImageStaysExactAndReRunsDoNotDrift() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let palette = Imgpress.fixture("png/palette-trns.png")
        #expect(try Imgpress.run([palette, "--lossy", "-o", folder + "/p.png"]).status == 0)
        let exact = try PNGCodec.decode(try FileIO.read(palette))
        #expect(PixelComparison.samePixels(try PNGCodec.decode(try FileIO.read(folder + "/p.png")), exact))
        // A second lossy run over lossy output changes no pixel.
        #expect(try Imgpress.run([Imgpress.fixture("png/hopper.png"), "--lossy", "-o", folder + "/1.png"]).status == 0)
        #expect(try Imgpress.run([folder + "/1.png", "--lossy", "-o", folder + "/2.png"]).status == 0)
        let first = try PNGCodec.decode(try FileIO.read(folder + "/1.png"))
        #expect(PixelComparison.samePixels(try PNGCodec.decode(try FileIO.read(folder + "/2.png")), first))
    }

    /// On small images the exact pixels can take fewer bytes than the palette: then --lossy
    /// writes the lossless file (the palette used to be written, or the original kept).
    @Test(arguments: ["png/rgb-interlaced.png", "png/gray16.png", "png/rgb16.png"])
    func losslessWinsWhenItIsSmaller(fixture: String) throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = Imgpress.fixture(fixture)
        #expect(try Imgpress.run([source, "-o", folder + "/exact.png"]).status == 0)
        #expect(try Imgpress.run([source, "--lossy", "-o", folder + "/lossy.png"]).status == 0)
        let lossy = try FileIO.read(folder + "/lossy.png")
        #expect(lossy == (try FileIO.read(folder + "/exact.png")))
        #expect(try PNGCodec.decode(lossy).samples == (try PNGCodec.decode(try FileIO.read(source))).samples)
    }

    @Test func qualityRangesParseAsPngquantWrites() {
        #expect(QualityRange(parsing: "65-80") == QualityRange(minimum: 65, maximum: 80))
        #expect(QualityRange(parsing: "80") == QualityRange(minimum: 0, maximum: 80))
        #expect(QualityRange(parsing: "80-65") == nil)
        #expect(QualityRange(parsing: "101") == nil)
        #expect(QualityRange(parsing: "a-b") == nil)
        #expect(QualityRange.isRange("0-80") && !QualityRange.isRange("80"))
    }

    @Test func badQualityIsAUsageError() throws {
        let result = try Imgpress.run([Imgpress.fixture("png/hopper.png"), "-q", "90-20", "-o", "/tmp/never.png"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("MIN-MAX"))
    }
}
