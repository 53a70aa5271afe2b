import Foundation
import ImagePress
import Testing

struct ConversionTests {
    static let inputs = ["jpeg/hopper.jpg", "png/rgba.png", "webp/alpha.webp"]

    @Test("converts in every direction", arguments: inputs, ImageFormat.allCases)
    func convertsEveryDirection(input: String, format: ImageFormat) throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Imgpress.run([Imgpress.fixture(input), "-f", format.rawValue, "-o", folder + "/"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = Imgpress.contents(of: folder)
        #expect(files.count == 1)
        #expect(files.first?.hasSuffix("." + format.fileExtension) == true)
        let output = try FileIO.read(folder + "/" + files[0])
        #expect(try ImageDecoder.format(of: output) == format)
        let source = try ImageDecoder.decode(try FileIO.read(Imgpress.fixture(input)))
        let decoded = try ImageDecoder.decode(output)
        #expect(decoded.width == source.width && decoded.height == source.height)
    }

    @Test func outputFormatFollowsTheOutputFileExtension() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Imgpress.run([Imgpress.fixture("png/hopper.png"), "-o", folder + "/logo.webp"]).status == 0)
        #expect(try ImageDecoder.format(of: try FileIO.read(folder + "/logo.webp")) == .webp)
    }

    @Test func independentDecodersReadOurOutput() throws {
        // djpeg and dwebp (libjpeg-turbo-progs, webp) are installed by `make deps`.
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tools = [
            ("jpeg", "/usr/bin/djpeg", ["-outfile", folder + "/x.ppm"]),
            ("webp", "/usr/bin/dwebp", ["-o", folder + "/y.ppm"]),
        ]
        for (format, tool, extra) in tools {
            try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) missing: run make deps")
            let out = folder + "/out." + format
            #expect(try Imgpress.run([Imgpress.fixture("png/rgba.png"), "-f", format, "-o", out]).status == 0)
            let arguments = format == "jpeg" ? extra + [out] : [out] + extra
            let result = try Subprocess.run(tool, arguments, stdout: .discard, stderr: .discard)
            #expect(result.status == 0, "\(tool) could not read our \(format)")
        }
    }

    /// JPEG is lossless only as a re-optimization of a JPEG: asked of pixels, it is an error for
    /// that file (it used to write a lossy JPEG without a word); the JPEG in the batch is done.
    @Test func losslessJPEGFromPixelsIsAnError() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Imgpress.run([
            Imgpress.fixture("png/hopper.png"), Imgpress.fixture("jpeg/rocket.jpg"), "-f", "jpeg", "--lossless",
            "-o", folder + "/",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("hopper.png: --lossless cannot make a JPEG from a PNG"))
        #expect(Imgpress.contents(of: folder) == ["rocket.jpg"])
    }
}
