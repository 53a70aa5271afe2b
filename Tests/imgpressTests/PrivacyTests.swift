import Foundation
import ImagePress
import Testing

/// The privacy promise, checked with an independent reader (exiftool) and an independent
/// image tool (netpbm's pnmflip, after libjpeg-turbo's djpeg).
struct PrivacyTests {
    static let exiftool = "/usr/bin/exiftool"

    /// exiftool's view of a file: "Group:Tag" → value, without exiftool's own and file-system tags.
    static func tags(_ path: String) throws -> [String: String] {
        let data = Data(try Subprocess.run(exiftool, ["-j", "-a", "-G1", "-s", path], stderr: .discard).stdout)
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        var tags: [String: String] = [:]
        for (key, value) in try #require(objects.first)
        where !key.hasPrefix("ExifTool:") && !key.hasPrefix("System:") && key != "SourceFile" {
            tags[key] = "\(value)"
        }
        return tags
    }

    /// Tags that identify a person, place or device: what default compression must remove.
    static func privateTags(_ tags: [String: String]) -> [String] {
        let groups = ["IFD0", "IFD1", "ExifIFD", "GPS", "InteropIFD", "IPTC", "Photoshop", "MakerNotes", "Nikon"]
        return tags.keys.filter { key in
            let group = String(key.prefix { $0 != ":" })
            return groups.contains(group) || group.hasPrefix("XMP") || key.contains("GPS") || key.hasSuffix(":Comment")
                || key.hasSuffix(":Artist") || key.hasSuffix(":Make") || key.hasSuffix(":ModifyDate")
        }.sorted()
    }

    static let conversions: [(String, ImageFormat)] = [
        ("metadata/tagged.jpg", .jpeg), ("metadata/tagged.jpg", .png), ("metadata/tagged.jpg", .webp),
        ("metadata/tagged.png", .png), ("metadata/tagged.png", .webp), ("metadata/tagged.png", .jpeg),
        ("metadata/tagged.webp", .webp), ("metadata/tagged.webp", .png), ("metadata/tagged.webp", .jpeg),
    ]

    @Test("default compression leaves no EXIF, GPS, XMP, IPTC or comments", arguments: conversions)
    func defaultStripsEverythingButTheProfile(input: String, format: ImageFormat) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.exiftool), "run make deps for exiftool")
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = Imgpress.fixture(input)
        #expect(!Self.privateTags(try Self.tags(source)).isEmpty, "the fixture must carry metadata")
        let out = folder + "/out." + format.fileExtension
        let result = try Imgpress.run([
            source, "-f", format.rawValue, "-o", out, "--report", "json",
            "--report-file", folder + "/r.json",
        ])
        #expect(result.status == 0)
        #expect(Self.privateTags(try Self.tags(out)) == [], "\(input) → \(format)")
        let report = try String(contentsOfFile: folder + "/r.json", encoding: .utf8)
        #expect(report.contains("\"metadata_removed\": [\"exif\", \"gps\""))
        // The colour profile survives byte for byte, except one that behaves as sRGB: PNG says
        // so with its sRGB chunk, JPEG and WebP drop it (viewers assume sRGB).
        let profileIn = try ImageDecoder.decode(try FileIO.read(source)).color.iccProfile
        let colorOut = try ImageDecoder.decode(try FileIO.read(out)).color
        if let profileIn, ColorManagement.behavesAsSRGB(profileIn) {
            #expect(colorOut.iccProfile == nil)
            if format == .png { #expect(colorOut.srgbIntent != nil) }
        } else {
            #expect(colorOut.iccProfile == profileIn)
        }
    }

    @Test func copyrightKeepsArtistAndCopyrightOnly() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for format in ImageFormat.allCases {
            let out = folder + "/c." + format.fileExtension
            #expect(
                try Imgpress.run([
                    Imgpress.fixture("metadata/tagged.jpg"), "--keep-metadata", "copyright",
                    "-f", format.rawValue, "-o", out,
                ]).status == 0)
            let tags = try Self.tags(out)
            #expect(tags["IFD0:Artist"] == "Jane Example", "\(format)")
            #expect(tags["IFD0:Copyright"] == "(c) Jane Example", "\(format)")
            #expect(
                Self.privateTags(tags) == ["IFD0:Artist", "IFD0:Copyright"], "\(format): \(Self.privateTags(tags))")
        }
    }

    @Test func allWithStripGPSKeepsEverythingButTheLocation() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for format in ImageFormat.allCases {
            let out = folder + "/a." + format.fileExtension
            #expect(
                try Imgpress.run([
                    Imgpress.fixture("metadata/tagged.jpg"), "--keep-metadata", "all", "--strip-gps",
                    "-f", format.rawValue, "-o", out,
                ]).status == 0)
            let tags = try Self.tags(out)
            #expect(tags["IFD0:Make"] == "ImgpressTestCam", "\(format)")
            #expect(tags["ExifIFD:DateTimeOriginal"] == "2024:05:01 12:34:56", "\(format)")
            #expect(!tags.keys.contains { $0.contains("GPS") }, "\(format): \(tags.keys.filter { $0.contains("GPS") })")
        }
        let kept = folder + "/kept.jpg"
        #expect(
            try Imgpress.run([Imgpress.fixture("metadata/tagged.jpg"), "--keep-metadata", "all", "-o", kept]).status
                == 0)
        let tags = try Self.tags(kept)
        #expect(tags["GPS:GPSLatitude"] != nil && tags["IPTC:By-line"] == "Jane Example")
        #expect(tags["XMP-dc:Creator"] == "Jane Example" && tags["File:Comment"] == "written by a test")
    }

    @Test func losslessJPEGKeepsOnlyTheOrientationTag() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/o.jpg"
        #expect(
            try Imgpress.run([Imgpress.fixture("metadata/tagged-orientation-6.jpg"), "--lossless", "-o", out]).status
                == 0)
        let tags = try Self.tags(out)
        #expect(tags["IFD0:Orientation"] == "Rotate 90 CW")
        #expect(Self.privateTags(tags) == ["IFD0:Orientation"])
        #expect(!tags.keys.contains { $0.contains("GPS") || $0.hasPrefix("XMP") || $0.hasPrefix("IPTC") })
    }

    @Test func keepingTheOriginalStillRemovesItsMetadata() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A lossy WebP is not re-encoded for a small saving, so its own bitstream is kept: the
        // container must still lose its EXIF and XMP.
        let path = folder + "/photo.webp"
        try FileManager.default.copyItem(atPath: Imgpress.fixture("metadata/tagged.webp"), toPath: path)
        let result = try Imgpress.run([path, "--in-place", "-v"])
        #expect(result.status == 0)
        #expect(
            result.stderr.contains("metadata removed, image data unchanged; removed exif, gps, xmp"), "\(result.stderr)"
        )
        #expect(Self.privateTags(try Self.tags(path)) == [])
        #expect(
            try WebPCodec.decode(try FileIO.read(path))
                == (try WebPCodec.decode(try FileIO.read(Imgpress.fixture("metadata/tagged.webp")))))
        #expect(try Imgpress.run([path, "--in-place"]).status == 0)
        #expect(try Imgpress.run(["--check", path]).status == 0, "a stripped file is left alone afterwards")
    }

    @Test func inspectShowsWhatIsThereAndThatItIsGone() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try Imgpress.run(["inspect", Imgpress.fixture("metadata/tagged-orientation-6.jpg")])
        #expect(before.status == 0)
        let text = String(decoding: before.stdout, as: UTF8.self)
        for line in [
            "orientation: 6", "GPS position: 48.858300, 2.294500", "date taken: 2024:05:01 12:34:56",
            "camera: ImgpressTestCam Model 7", "camera serial number: SN-0042", "artist: Jane Example",
            "colour profile: sRGB2014 (3024 bytes)", "IPTC/Photoshop: 62 bytes", "comment: written by a test",
        ] {
            #expect(text.contains(line), "inspect lacks \(line)")
        }
        #expect(
            try Imgpress.run([Imgpress.fixture("metadata/tagged-orientation-6.jpg"), "-o", folder + "/x.jpg"]).status
                == 0)
        let after = try Imgpress.run(["inspect", "--json", folder + "/x.jpg", Imgpress.fixture("metadata/tagged.webp")])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout)) as? [[String: Any]])
        #expect(records.count == 2)
        #expect(records[0]["privacy"] as? [String] == [])
        #expect(records[0]["orientation"] as? Int == 1 && records[0]["width"] as? Int == 128)
        // sRGB2014 behaves as sRGB, so the JPEG no longer carries it (the colours are the same).
        #expect(records[0]["icc_description"] is NSNull)
        let gps = try #require(records[1]["gps"] as? [String: Double])
        #expect(abs(gps["latitude"]! - 48.8583) < 0.0001 && abs(gps["longitude"]! - 2.2945) < 0.0001)
        // Written with six decimals, not Double's 2.2944999999999998.
        #expect(String(decoding: after.stdout, as: UTF8.self).contains(#""longitude": 2.294500}"#))
        // A file that cannot be read is still an element, with its error; the exit is 1.
        let mixed = try Imgpress.run(["inspect", "--json", folder + "/x.jpg", Imgpress.fixture("bad/empty.png")])
        let both = try #require(try JSONSerialization.jsonObject(with: Data(mixed.stdout)) as? [[String: Any]])
        #expect(mixed.status == 1 && both.count == 2)
        #expect(
            both[1]["file"] as? String == Imgpress.fixture("bad/empty.png")
                && both[1]["error"] as? String == "empty file")
    }

    @Test func cmykGrayAndSixteenBitKeepTheirKind() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Imgpress.run([Imgpress.fixture("jpeg/cmyk.jpg"), "-o", folder + "/c.jpg"]).status == 0)
        #expect(try JPEGCodec.readInfo(try FileIO.read(folder + "/c.jpg")).colorFamily == .cmyk)
        #expect(try Imgpress.run([Imgpress.fixture("jpeg/gray.jpg"), "-q", "60", "-o", folder + "/g.jpg"]).status == 0)
        #expect(try JPEGCodec.readInfo(try FileIO.read(folder + "/g.jpg")).colorFamily == .gray)
        #expect(try Imgpress.run([Imgpress.fixture("jpeg/gray.jpg"), "-o", folder + "/g.png"]).status == 0)
        #expect(try PNGCodec.readInfo(try FileIO.read(folder + "/g.png")).colorType == 0)
        #expect(try Imgpress.run([Imgpress.fixture("png/rgb16.png"), "-o", folder + "/w.png"]).status == 0)
        #expect(try PNGCodec.readInfo(try FileIO.read(folder + "/w.png")).bitDepth == 16)
    }

    @Test func transparentColourIsExactUnlessCleanAlphaAllowsOtherwise() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // hopper.png, its left half made fully transparent with the colour left underneath.
        let photo = try PNGCodec.decode(try TestFixtures.bytes("png/hopper.png"))
        var samples: [UInt8] = []
        for pixel in 0..<photo.pixelCount {
            samples += photo.samples[(3 * pixel)..<(3 * pixel + 3)] + [pixel % photo.width < photo.width / 2 ? 0 : 255]
        }
        let source = PixelBuffer(width: photo.width, height: photo.height, layout: .rgba, bitDepth: 8, samples: samples)
        let hidden = (0..<source.pixelCount).filter { source.samples[4 * $0 + 3] == 0 && source.samples[4 * $0] != 0 }
        try #require(hidden.count > 1000)
        try FileIO.writeAtomically(try PNGCodec.encode(source), to: folder + "/in.png", replace: true)
        #expect(try Imgpress.run([folder + "/in.png", "-o", folder + "/exact.png"]).status == 0)
        #expect(try Imgpress.run([folder + "/in.png", "--clean-alpha", "-o", folder + "/clean.png"]).status == 0)
        let exact = try PNGCodec.decode(try FileIO.read(folder + "/exact.png"))
        let clean = try PNGCodec.decode(try FileIO.read(folder + "/clean.png"))
        #expect(PixelComparison.samePixels(exact, source))
        #expect(hidden.allSatisfy { clean.samples[4 * $0] == 0 && clean.samples[4 * $0 + 3] == 0 })
        #expect((try FileIO.read(folder + "/clean.png")).count <= (try FileIO.read(folder + "/exact.png")).count)
        // Lossy WebP keeps the hidden colour too (libwebp's exact mode), unless --clean-alpha.
        #expect(try Imgpress.run([folder + "/in.png", "-o", folder + "/exact.webp"]).status == 0)
        #expect(try Imgpress.run([folder + "/in.png", "--clean-alpha", "-o", folder + "/clean.webp"]).status == 0)
        func hiddenError(_ path: String) throws -> Double {
            let decoded = try WebPCodec.decode(try FileIO.read(path))
            let total = hidden.reduce(0) { sum, pixel in
                sum + (0..<3).reduce(0) { $0 + abs(Int(decoded.samples[4 * pixel + $1]) - Int(source.samples[4 * pixel + $1])) }
            }
            return Double(total) / Double(3 * hidden.count)
        }
        #expect(try hiddenError(folder + "/exact.webp") < 4, "mean error under transparent pixels")
        #expect(try hiddenError(folder + "/clean.webp") > 20)
        #expect((try FileIO.read(folder + "/clean.webp")).count < (try FileIO.read(folder + "/exact.webp")).count)
    }

    @Test func noNetworkLibraryIsLinked() throws {
        let text = String(decoding: try Subprocess.run("/usr/bin/ldd", [Imgpress.binary]).stdout, as: UTF8.self)
        #expect(text.contains("libjpeg") && text.contains("libpng16") && text.contains("libwebp"))
        for library in ["curl", "ssl", "libcrypto", "nghttp", "FoundationNetworking", "gnutls", "libresolv"] {
            #expect(!text.contains(library), "\(library) is linked")
        }
    }
}

enum TestFixtures {
    static func bytes(_ path: String) throws -> [UInt8] { try FileIO.read(Imgpress.fixture(path)) }
}
