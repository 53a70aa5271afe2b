import Foundation
import ImagePress
import Testing

/// End to end: the built binary on one file at a time, checked by exit code, messages and bytes.
struct SingleFileTests {
    @Test func compressesAJPEGToASmallerFile() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = Imgpress.fixture("jpeg/rocket.jpg")
        let result = try Imgpress.run([input, "-o", folder + "/small.jpg"])
        #expect(result.status == 0)
        let written = try FileIO.read(folder + "/small.jpg")
        let original = try FileIO.read(input)
        #expect(written.count < original.count / 2)
        #expect(try JPEGCodec.readInfo(written).isProgressive)
        #expect(try JPEGCodec.decode(written).width == 640)
        #expect(result.stderr.contains("rocket.jpg → \(folder)/small.jpg"))
        #expect(result.stderr.contains("JPEG q80"))
    }

    @Test func keepsAndCopiesTheOriginalWhenNothingSmallerIsFound() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try Imgpress.run([Imgpress.fixture("png/horse.png"), "-o", folder + "/once.png"])
        #expect(first.status == 0)
        let once = try FileIO.read(folder + "/once.png")
        let second = try Imgpress.run([folder + "/once.png", "-o", folder + "/twice.png"])
        #expect(second.status == 0)
        #expect(second.stderr.contains("kept the original"))
        #expect(try FileIO.read(folder + "/twice.png") == once)
    }

    @Test func inPlaceLeavesAnOptimalFileUntouchedAndKeepsPermissions() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/photo.jpg"
        try FileManager.default.copyItem(atPath: Imgpress.fixture("jpeg/flower.jpg"), toPath: path)
        chmod(path, 0o640)
        let before = try FileIO.read(path)
        #expect(try Imgpress.run([path, "--in-place"]).status == 0)
        let after = try FileIO.read(path)
        #expect(after.count < before.count)
        #expect(FileIO.permissions(of: path) == 0o640)
        let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        let again = try Imgpress.run([path, "--in-place"])
        #expect(again.status == 0 && again.stderr.contains("kept the original"))
        #expect(try FileIO.read(path) == after)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == inode)
        #expect(Imgpress.contents(of: folder) == ["photo.jpg"])
    }

    /// --force onto a device, a named pipe or a link to one writes into it: renaming a file over
    /// it would replace the device itself (as root, /dev/null).
    @Test func forceWritesIntoDevicesAndPipesInsteadOfReplacingThem() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/null.jpg", withDestinationPath: "/dev/null")
        let toNull = try Imgpress.run([
            Imgpress.fixture("jpeg/rocket.jpg"), "-o", folder + "/null.jpg", "--force", "--report", "json",
            "--report-file", folder + "/null.jpg",
        ])
        #expect(toNull.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/null.jpg") == "/dev/null")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        #expect(mkfifo(folder + "/pipe.jpg", 0o600) == 0)
        // Nobody reading: an error at once, not a hang.
        let unread = try Imgpress.run([Imgpress.fixture("jpeg/rocket.jpg"), "-o", folder + "/pipe.jpg", "--force"])
        #expect(unread.status == 1 && unread.stderr.contains("cannot write \(folder)/pipe.jpg"))
        let reader = try Subprocess("/bin/cat", [folder + "/pipe.jpg"], deadline: 30)
        let toPipe = try Imgpress.run([Imgpress.fixture("jpeg/rocket.jpg"), "-o", folder + "/pipe.jpg", "--force"])
        let read = reader.finish()
        #expect(toPipe.status == 0)
        #expect(try JPEGCodec.decode(read.stdout).width == 640)
        #expect(stat(folder + "/pipe.jpg", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        // In place, a pipe is not a file to replace.
        let inPlace = try Imgpress.run([folder + "/pipe.jpg", "--in-place"])
        #expect(inPlace.status == 1 && inPlace.stderr.contains("it is not a regular file; left as it is"))
        #expect(Imgpress.contents(of: folder).sorted() == ["null.jpg", "pipe.jpg"])
    }

    /// A named output or report that is a link to a regular file: the file is replaced and the
    /// link kept (--report-file /dev/stdout with stdout sent to a file). A link where imgpress
    /// mirrors an output below -o DIR is replaced itself, never followed.
    @Test func namedLinksAreFollowedAndDerivedOnesAreNot() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("{\n  \"imgpress\": \"0.0.9\"\n}\n".utf8).write(to: URL(fileURLWithPath: folder + "/real.json"))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/elsewhere.jpg"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/r.json", withDestinationPath: "real.json")
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/out/rocket.jpg", withDestinationPath: folder + "/elsewhere.jpg")
        let result = try Imgpress.run(
            [
                Imgpress.fixture("jpeg/rocket.jpg"), "-o", folder + "/out/", "--force", "--report", "json",
                "--report-file", folder + "/r.json",
            ])
        #expect(result.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/r.json") == "real.json")
        #expect(String(decoding: try FileIO.read(folder + "/real.json"), as: UTF8.self).contains("\"imgpress\""))
        #expect(try FileIO.read(folder + "/elsewhere.jpg") == Array("mine".utf8))
        #expect(!FileIO.isSymbolicLink(folder + "/out/rocket.jpg"))
        #expect(try JPEGCodec.decode(try FileIO.read(folder + "/out/rocket.jpg")).width == 640)
    }

    @Test func refusesToOverwriteWithoutForce() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/out.jpg"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: target))
        let refused = try Imgpress.run([Imgpress.fixture("jpeg/rocket.jpg"), "-o", target])
        #expect(refused.status == 1)
        #expect(
            refused.stderrLines == [
                "imgpress: error: \(Imgpress.fixture("jpeg/rocket.jpg")): \(target) already exists; use --force to overwrite it"
            ])
        #expect(try FileIO.read(target) == Array("mine".utf8))
        let forced = try Imgpress.run([Imgpress.fixture("jpeg/rocket.jpg"), "-o", target, "--force"])
        #expect(forced.status == 0)
        #expect(try ImageDecoder.format(of: try FileIO.read(target)) == .jpeg)
        // A folder in the output's place is named as such (the message named only the input).
        let nested = folder + "/dir/rocket.jpg"
        try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)
        let onFolder = try Imgpress.run([Imgpress.fixture("jpeg/rocket.jpg"), "-o", folder + "/dir/", "--force"])
        #expect(onFolder.status == 1)
        #expect(onFolder.stderr.contains("cannot write \(nested): it is a folder"), "\(onFolder.stderr)")
        // What the same command would write anyway is no reason to fail: it is left as it is.
        let again = try Imgpress.run([Imgpress.fixture("jpeg/rocket.jpg"), "-o", target, "-v"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("the output file already holds exactly this result"), "\(again.stderr)")
    }

    /// --report-file replaces an earlier report, never anything else, and a missing folder is
    /// said before any work (the report is written last, after files may have been replaced).
    @Test func reportFileReplacesOnlyAReport() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let photo = folder + "/photo.jpg"
        try FileManager.default.copyItem(atPath: Imgpress.fixture("jpeg/flower.jpg"), toPath: photo)
        let source = Imgpress.fixture("jpeg/rocket.jpg")
        let mistyped = try Imgpress.run([source, "-o", folder + "/o.jpg", "--report", "json", "--report-file", photo])
        #expect(mistyped.status == 2 && mistyped.stderr.contains("is a file that is not an imgpress report"))
        #expect(try FileIO.read(photo) == (try FileIO.read(Imgpress.fixture("jpeg/flower.jpg"))))
        #expect(!FileManager.default.fileExists(atPath: folder + "/o.jpg"))
        let missing = try Imgpress.run(
            [source, "-o", folder + "/o.jpg", "--report", "json", "--report-file", folder + "/no/r.json"])
        #expect(missing.status == 2 && missing.stderr.contains("does not exist"), "\(missing.stderr)")
        for format in ["json", "markdown"] {
            let report = folder + "/r." + format
            for _ in 0..<2 {
                let run = try Imgpress.run(
                    [source, "-o", folder + "/o.jpg", "--force", "--report", format, "--report-file", report])
                #expect(run.status == 0, "\(run.stderr)")
            }
        }
    }

    /// --preserve-times copies the access time from before imgpress read the file (reading it
    /// moved the access time first), for a separate output and in place.
    @Test func preserveTimesKeepsTheAccessTimeToo() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/in.jpg"
        try FileManager.default.copyItem(atPath: Imgpress.fixture("jpeg/rocket.jpg"), toPath: input)
        // Access time before the modification time: reading moves it even under relatime.
        var times = [timespec(tv_sec: 1_500_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, input, &times, 0) == 0)
        func accessed(_ path: String) -> Int {
            var info = stat()
            return stat(path, &info) == 0 ? info.st_atim.tv_sec : -1
        }
        #expect(try Imgpress.run([input, "-o", folder + "/out.jpg", "--preserve-times"]).status == 0)
        #expect(accessed(folder + "/out.jpg") == 1_500_000_000)
        #expect(utimensat(AT_FDCWD, input, &times, 0) == 0)  // that run read it
        #expect(try Imgpress.run([input, "--in-place", "--preserve-times"]).status == 0)
        #expect(accessed(input) == 1_500_000_000)
        // Kept as it is (now optimal), it keeps its access time too.
        #expect(utimensat(AT_FDCWD, input, &times, 0) == 0)
        let kept = try Imgpress.run([input, "--in-place", "--preserve-times", "-v"])
        #expect(kept.status == 0 && kept.stderr.contains("kept the original"), "\(kept.stderr)")
        #expect(accessed(input) == 1_500_000_000)
    }

    @Test func losslessJPEGIsBitIdenticalInPixelsAndDropsMetadata() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = Imgpress.fixture("jpeg/exif-gps.jpg")
        let result = try Imgpress.run([input, "--lossless", "-o", folder + "/out.jpg"])
        #expect(result.status == 0)
        let output = try FileIO.read(folder + "/out.jpg")
        #expect(try JPEGCodec.decode(output) == (try JPEGCodec.decode(try FileIO.read(input))))
        #expect(JPEGMarkers.segments(0xE1, in: output).isEmpty, "EXIF (with GPS) must be gone")
        #expect(result.stderr.contains("JPEG lossless optimization"))
    }

    @Test func baselineAndSubsamplingOptionsReachTheEncoder() throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = Imgpress.fixture("png/hopper.png")
        #expect(
            try Imgpress.run([
                input, "-f", "jpeg", "--baseline", "-q", "90", "--subsampling", "444",
                "-o", folder + "/b.jpg",
            ]).status == 0)
        #expect(try Imgpress.run([input, "-f", "jpeg", "-q", "90", "-o", folder + "/p.jpg"]).status == 0)
        let baseline = try FileIO.read(folder + "/b.jpg")
        #expect(try !JPEGCodec.readInfo(baseline).isProgressive)
        // 4:4:4 keeps all chroma samples, so it is larger than 4:2:0 at the same quality.
        #expect(baseline.count > (try FileIO.read(folder + "/p.jpg")).count)
    }
}
