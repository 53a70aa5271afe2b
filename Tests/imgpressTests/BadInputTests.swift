import Foundation
import ImagePress
import Testing

/// Each broken input gets one line naming the file and the reason, exit 1, no output file, and
/// the good files on the same command line are still processed.
struct BadInputEndToEndTests {
    static let cases: [(String, String)] = [
        ("bad/empty.png", "empty file"),
        ("bad/random.bin", "not a JPEG, PNG or WebP file (starts with 0xB9 0x7F 0x69 0xF7)"),
        ("bad/truncated.jpg", "truncated or corrupt JPEG data (Premature end of JPEG file)"),
        ("bad/truncated.png", "truncated or corrupt PNG data (file is truncated)"),
        ("bad/truncated.webp", "truncated or corrupt WebP data (file is truncated)"),
        ("bad/pngsuite-bad-checksum.png", "truncated or corrupt PNG data (IDAT: CRC error)"),
        (
            "bad/huge-dimensions.png",
            "image is 100000×100000 pixels, over the limit of 268435456 pixels (raise it with --max-pixels if the file is trusted)"
        ),
        ("unsupported/twelve-bit.jpg", "unsupported JPEG: 12-bit samples (only 8-bit JPEG is supported)"),
        ("unsupported/animated.webp", "unsupported WebP: animated images are not supported yet"),
        ("unsupported/animated.png", "unsupported PNG: animated images are not supported yet"),
    ]

    @Test("a bad file between two good ones", arguments: cases)
    func badFileBetweenGoodOnes(path: String, reason: String) throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bad = Imgpress.fixture(path)
        let result = try Imgpress.run([
            Imgpress.fixture("jpeg/hopper.jpg"), bad, Imgpress.fixture("png/horse.png"),
            "-o", folder + "/",
        ])
        #expect(result.status == 1)
        let errors = result.stderrLines.filter { $0.hasPrefix("imgpress: error:") }
        #expect(errors == ["imgpress: error: \(bad): \(reason)"])
        #expect(Imgpress.contents(of: folder) == ["hopper.jpg", "horse.png"])
        #expect(result.stderr.contains("3 files: 2 written, 0 kept, 0 skipped, 1 failed"))
    }

    /// libpng reads an APNG's first frame only; writing that back would drop the animation.
    @Test func animatedPNGIsLeftAsItIsInPlace() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let original = try FileIO.read(Imgpress.fixture("unsupported/animated.png"))
        try FileIO.writeAtomically(original, to: folder + "/a.png", replace: false)
        let result = try Imgpress.run([folder + "/a.png", "--in-place"])
        #expect(result.status == 1)
        #expect(try FileIO.read(folder + "/a.png") == original)
        let inspected = try Imgpress.run(["inspect", folder + "/a.png"])
        #expect(String(decoding: inspected.stdout, as: UTF8.self).contains("format: PNG 16×16, RGB, 8-bit, animated"))
        let check = try Imgpress.run(["--check", folder + "/a.png"])
        #expect(check.status == 1)
        #expect(check.stderrLines.last == "imgpress --check: 1 of 1 images could not be checked")
    }

    @Test func aFolderGivenAsAFile() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Imgpress.run([Imgpress.fixture("jpeg"), "-o", folder + "/"])
        #expect(result.status == 1)
        #expect(
            result.stderrLines == [
                "imgpress: error: \(Imgpress.fixture("jpeg")): is a folder; add -r to process the images in it"
            ])
        #expect(Imgpress.contents(of: folder).isEmpty)
    }

    @Test func aMissingOrUnreadableFile() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let missing = folder + "/nope.jpg"
        let result = try Imgpress.run([missing, "-o", folder + "/out/"])
        #expect(result.status == 1)
        #expect(
            result.stderrLines == ["imgpress: error: \(missing): cannot read \(missing): No such file or directory"])
    }

    @Test func anUnreadableFile() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if geteuid() == 0 {
            // Permission bits do not stop root; /proc/self/mem opens but reading address 0 fails.
            let denied = try Imgpress.run(["/proc/self/mem", Imgpress.fixture("jpeg/hopper.jpg"), "-o", folder + "/"])
            #expect(denied.status == 1)
            #expect(
                denied.stderrLines.contains(
                    "imgpress: error: /proc/self/mem: cannot read /proc/self/mem: Input/output error"))
            #expect(Imgpress.contents(of: folder) == ["hopper.jpg"])
        } else {
            let locked = folder + "/locked.jpg"
            try FileManager.default.copyItem(atPath: Imgpress.fixture("jpeg/hopper.jpg"), toPath: locked)
            chmod(locked, 0)
            let denied = try Imgpress.run([locked, "-o", folder + "/x.jpg"])
            #expect(denied.status == 1)
            #expect(denied.stderrLines == ["imgpress: error: \(locked): cannot read \(locked): Permission denied"])
        }
    }

    @Test func anOutputFileInAFolderThatDoesNotExist() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A file path whose folder is missing is more likely a typo than a wish for new folders.
        let result = try Imgpress.run([Imgpress.fixture("jpeg/hopper.jpg"), "-o", folder + "/missing/x.jpg"])
        #expect(result.status == 1)
        #expect(
            result.stderrLines == [
                "imgpress: error: \(Imgpress.fixture("jpeg/hopper.jpg")): output folder \(folder)/missing does not exist"
            ])
        #expect(Imgpress.contents(of: folder).isEmpty)
    }

    @Test func anOutputFolderIsCreatedWhenNamedAsOne() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Imgpress.run([
            Imgpress.fixture("jpeg/hopper.jpg"), Imgpress.fixture("png/horse.png"),
            "-o", folder + "/new/deeper/",
        ])
        #expect(result.status == 0)
        #expect(Imgpress.contents(of: folder + "/new/deeper") == ["hopper.jpg", "horse.png"])
    }

    @Test func thePixelLimitIsAnOption() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Imgpress.run([
            Imgpress.fixture("png/hopper.png"), "--max-pixels", "1000", "-o", folder + "/x.png",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("image is 128×128 pixels, over the limit of 1000 pixels"))
    }

    /// A name with a newline or an escape sequence is printed escaped: one line per file, and
    /// nothing a file name can do to the terminal.
    @Test func controlCharactersInNamesArePrintedEscaped() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Imgpress.fixture("jpeg/rocket.jpg"), toPath: folder + "/in/a\nb.jpg")
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/in/bad\u{1B}[31m.jpg"))
        let result = try Imgpress.run(["-r", "in", "-o", "out/", "-v"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("in/a\\nb.jpg → out/a\\nb.jpg: "), "\(result.stderr)")
        #expect(result.stderr.contains("imgpress: error: in/bad\\u{1b}[31m.jpg: not a JPEG, PNG or WebP file"))
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/a\nb.jpg"))
    }

    /// A limit raised past what memory allows: a clear error for that file, and the batch goes on
    /// (an allocation failure would stop the whole process with a crash report).
    @Test func anImageThatCannotFitInMemoryIsAnErrorNotACrash() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let command = "ulimit -v 4000000 && exec \"$0\" \"$@\""
        let result = try Subprocess.run(
            "/bin/sh",
            [
                "-c", command, Imgpress.binary, Imgpress.fixture("bad/huge-dimensions.png"),
                Imgpress.fixture("png/hopper.png"), "--max-pixels", "20000000000", "-o", folder + "/",
            ])
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        #expect(result.status == 1)
        #expect(
            stderr.contains(
                "huge-dimensions.png: image is 100000×100000 pixels: its samples alone need 27.9 GiB, more than the "
            ), "\(stderr)")
        #expect(Imgpress.contents(of: folder) == ["hopper.png"])
    }
}
