import Foundation
import Testing

/// Usage errors exit 2 with a message saying what to do; help and version exit 0.
struct UsageTests {
    @Test func helpAndVersion() throws {
        let help = try Imgpress.run(["--help"])
        #expect(help.status == 0)
        let text = String(decoding: help.stdout, as: UTF8.self)
        for phrase in [
            "--quality", "--lossless", "--subsampling", "--baseline", "--force", "--background",
            "imgpress - < in.jpg > out.jpg", "Exit codes",
        ] {
            #expect(text.contains(phrase), "help lacks \(phrase)")
        }
        let version = try Imgpress.run(["--version"])
        #expect(version.status == 0)
        #expect(
            String(decoding: version.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test(
        "usage mistakes exit 2 with a clear message",
        arguments: [
            (["a.jpg"], "say where to write: -o FILE, -o FOLDER/ or --in-place"),
            (["a.jpg", "-q", "101", "-o", "x.jpg"], "--quality takes 0-100"),
            (["a.jpg", "-f", "gif", "-o", "x"], "gif"),
            (["a.jpg", "b.jpg", "-o", "-"], "only one input can be written to standard output"),
            (["a.jpg", "--background", "mauve", "-o", "x.jpg"], "--background takes"),
            (["a.jpg", "-o", Imgpress.fixture("png/horse.png") + "/x.png"], "nowhere to write: "),
            (
                ["a.png", "-f", "jpeg", "-o", "x.png"],
                "-f jpeg asks for JPEG, but x.png names a PNG file; leave out -f (the name decides) or give the name a .jpg extension"
            ),
            ([String](), "no input files given"),
            (["a.jpg", "--keep-metadata", "", "-o", "x.jpg"], "--keep-metadata takes none, icc"),
            (["a.jpg", "--keep-metadata", "icc,,exif", "-o", "x.jpg"], "--keep-metadata takes none, icc"),
        ])
    func usageMistakes(arguments: [String], message: String) throws {
        let result = try Imgpress.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// -q80, -O2, -j1 and -fwebp mean what -q 80, -O 2, -j 1 and -f webp mean, as jpegoptim's -m80
    /// and oxipng's -o4 do (-q80 was read as the flags -q, -8 and -0, with an error about -0).
    @Test func shortOptionsTakeJoinedValues() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = Imgpress.fixture("png/hopper.png")
        let joined = try Imgpress.run([input, "-q70", "-O2", "-j1", "-fwebp", "-o", folder + "/joined.webp"])
        let spaced = try Imgpress.run([
            input, "-q", "70", "-O", "2", "-j", "1", "-f", "webp", "-o", folder + "/spaced.webp",
        ])
        #expect(joined.status == 0, "\(joined.stderr)")
        #expect(spaced.status == 0, "\(spaced.stderr)")
        let written = FileManager.default.contents(atPath: folder + "/joined.webp")
        #expect(written != nil && written == FileManager.default.contents(atPath: folder + "/spaced.webp"))
        // Another quality writes other bytes, so the joined value was read.
        #expect(try Imgpress.run([input, "-q30", "-fwebp", "-o", folder + "/low.webp"]).status == 0)
        #expect(FileManager.default.contents(atPath: folder + "/low.webp") != written)
    }

    // `script` (util-linux) gives imgpress a pseudo-terminal as standard output.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func refusesToWriteImageDataToATerminal() throws {
        let command = "'\(Imgpress.binary)' '\(Imgpress.fixture("jpeg/hopper.jpg"))' -o -; echo \"status=$?\""
        let result = try Subprocess.run("/usr/bin/script", ["-qec", command, "/dev/null"], stderr: .inherit)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.contains("refusing to write image data to a terminal"))
        #expect(text.contains("status=2"))
    }
}
