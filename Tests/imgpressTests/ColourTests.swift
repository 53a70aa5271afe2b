import Foundation
import ImagePress
import Testing

/// --srgb: pixels converted with their profile (Little CMS), profile dropped.
struct ColourTests {
    /// A corpus JPEG tagged Adobe RGB (1998): a profile that is not sRGB.
    static let adobeJPEG = Imgpress.packageRoot + "/../shared/corpus/pillow/xmp_test.jpg"

    private func saturation(_ image: PixelBuffer) -> Double {
        var total = 0
        for pixel in 0..<image.pixelCount {
            let p = image.samples[(3 * pixel)..<(3 * pixel + 3)].map(Int.init)
            total += p.max()! - p.min()!
        }
        return Double(total) / Double(image.pixelCount)
    }

    @Test func anSRGBProfileIsDroppedWithoutChangingPixels() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Imgpress.run([Imgpress.fixture("png/icc.png"), "--srgb", "-o", folder + "/o.png"]).status == 0)
        let output = try PNGCodec.decode(try FileIO.read(folder + "/o.png"))
        let input = try PNGCodec.decode(try FileIO.read(Imgpress.fixture("png/icc.png")))
        #expect(output.color.iccProfile == nil)
        #expect(output.samples == input.samples)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: adobeJPEG)))
    func aWideGamutProfileIsConvertedNotDropped() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // hopper's pixels tagged Adobe RGB (1998): in sRGB the same colours need more saturated numbers.
        let adobe = try #require(
            try JPEGCodec.readInfo(try FileIO.read(Self.adobeJPEG))
                .iccProfile)
        #expect(ICCProfileInfo.description(of: adobe) == "Adobe RGB (1998)")
        var tagged = try PNGCodec.decode(try FileIO.read(Imgpress.fixture("png/hopper.png")))
        tagged.color.iccProfile = adobe
        try FileIO.writeAtomically(try PNGCodec.encode(tagged), to: folder + "/adobe.png", replace: true)
        #expect(try Imgpress.run([folder + "/adobe.png", "--srgb", "-o", folder + "/srgb.png"]).status == 0)
        let converted = try PNGCodec.decode(try FileIO.read(folder + "/srgb.png"))
        #expect(converted.color.iccProfile == nil)
        #expect(saturation(converted) > saturation(tagged) * 1.05)
        // Without --srgb the profile stays and the pixels are untouched.
        #expect(try Imgpress.run([folder + "/adobe.png", "-o", folder + "/kept.png"]).status == 0)
        let kept = try PNGCodec.decode(try FileIO.read(folder + "/kept.png"))
        #expect(kept.color.iccProfile == adobe && kept.samples == tagged.samples)
        // Adobe RGB is not sRGB: it must never be swapped for PNG's sRGB chunk.
        #expect(!ColorManagement.behavesAsSRGB(adobe))
        // The report says the profile went.
        let report = try Imgpress.run([folder + "/adobe.png", "--srgb", "-o", folder + "/r.png", "--report", "json"])
        let json = String(decoding: report.stdout, as: UTF8.self)
        #expect(json.contains("\"metadata_removed\": [\"icc\"]"), "\(json)")
    }

    /// --lossless promises the pixels, --srgb converts them: on a JPEG whose profile is not sRGB
    /// both cannot hold, and the file is an error instead of a silent re-encode.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: adobeJPEG)))
    func losslessWithSRGBConversionIsAnError() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let adobe = Self.adobeJPEG
        let both = try Imgpress.run([adobe, "--lossless", "--srgb", "-o", folder + "/both.jpg"])
        #expect(both.status == 1)
        #expect(both.stderr.contains("--lossless cannot convert its colours to sRGB (--srgb)"), "\(both.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/both.jpg"))
        // A profile that behaves as sRGB needs no conversion, whatever its name says.
        var srgb = try #require(try PNGCodec.decode(try FileIO.read(Imgpress.fixture("png/icc.png"))).color.iccProfile)
        let name = try #require(srgb.firstRange(of: Array("sRGB2014".utf8)))
        srgb.replaceSubrange(name, with: Array("xYZW2014".utf8))
        #expect(!ICCProfileInfo.isSRGB(srgb) && ColorManagement.behavesAsSRGB(srgb))
        var hopper = try JPEGCodec.decode(try FileIO.read(Imgpress.fixture("jpeg/hopper.jpg")))
        hopper.color.iccProfile = srgb
        try FileIO.writeAtomically(
            try JPEGCodec.encode(hopper, options: JPEGEncodeOptions(quality: 90)), to: folder + "/renamed.jpg",
            replace: true)
        let renamed = try Imgpress.run([folder + "/renamed.jpg", "--lossless", "--srgb", "-o", folder + "/r.jpg"])
        #expect(renamed.status == 0, "\(renamed.stderr)")
        // A JPEG with nothing to convert is optimized losslessly as asked.
        let plain = try Imgpress.run([
            Imgpress.fixture("jpeg/flower.jpg"), "--lossless", "--srgb", "-o", folder + "/f.jpg",
        ])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(
            try JPEGCodec.decode(try FileIO.read(folder + "/f.jpg"))
                == (try JPEGCodec.decode(try FileIO.read(Imgpress.fixture("jpeg/flower.jpg")))))
    }
}
