import Foundation
import ImagePress
import Testing

/// --in-place replaces users' own files: it keeps each file's name, format, owner, links and
/// protection, and never replaces a file that changed while imgpress worked on it.
struct InPlaceSafetyTests {
    private func folderWith(_ fixtures: [String: String]) throws -> String {
        let folder = try Imgpress.temporaryFolder()
        for (name, fixture) in fixtures {
            try FileManager.default.copyItem(atPath: Imgpress.fixture(fixture), toPath: folder + "/" + name)
        }
        return folder
    }

    @Test func aFormatChangeInPlaceIsRefused() throws {
        let folder = try folderWith(["logo.png": "png/rgba.png", "photo.jpg": "jpeg/rocket.jpg"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try FileIO.read(folder + "/logo.png")
        let flag = try Imgpress.run([folder + "/logo.png", "-f", "jpeg", "--in-place"])
        #expect(flag.status == 2)
        #expect(
            flag.stderr.contains("--in-place keeps each file's name and format; to convert to JPEG, write elsewhere"))
        let check = try Imgpress.run([folder + "/photo.jpg", "-f", "webp", "--check"])
        #expect(check.status == 2 && check.stderr.contains("--check keeps each file's name and format"))
        // The same through imgpress.toml, where only the file itself can tell.
        try Data("format = \"webp\"\n".utf8).write(to: URL(fileURLWithPath: folder + "/imgpress.toml"))
        let config = try Imgpress.run(["logo.png", "photo.jpg", "--in-place"], in: folder)
        #expect(config.status == 1)
        #expect(
            config.stderr.contains(
                "logo.png: --in-place keeps each file's format, and this would put WebP data in a PNG file"))
        #expect(try FileIO.read(folder + "/logo.png") == before)
        #expect(try ImageDecoder.format(of: FileIO.read(folder + "/photo.jpg")) == .jpeg)
    }

    @Test func aSymlinkStaysALinkAndItsTargetIsOptimized() throws {
        let folder = try folderWith(["real.jpg": "jpeg/rocket.jpg"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try FileIO.read(folder + "/real.jpg")
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.jpg", withDestinationPath: "real.jpg")
        let result = try Imgpress.run([folder + "/link.jpg", "--in-place"])
        #expect(result.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.jpg") == "real.jpg")
        let after = try FileIO.read(folder + "/real.jpg")
        #expect(after.count < before.count / 2)
        #expect(try JPEGCodec.decode(after).width == 640)
    }

    @Test func hardLinkedAndReadOnlyFilesAreLeftAsTheyAre() throws {
        let folder = try folderWith(["a.jpg": "jpeg/rocket.jpg", "locked.jpg": "jpeg/rocket.jpg"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let original = try FileIO.read(folder + "/a.jpg")
        #expect(link(folder + "/a.jpg", folder + "/b.jpg") == 0)
        chmod(folder + "/locked.jpg", 0o444)
        let result = try Imgpress.run(["a.jpg", "locked.jpg", "--in-place"], in: folder)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "a.jpg: it has 2 hard links, and replacing it would leave the others with the old image; left as it is")
        )
        #expect(result.stderr.contains("locked.jpg: it is read-only; left as it is"))
        for name in ["a.jpg", "b.jpg", "locked.jpg"] { #expect(try FileIO.read(folder + "/" + name) == original) }
        // A dry run says the same without writing.
        let dry = try Imgpress.run(["a.jpg", "--in-place", "--dry-run"], in: folder)
        #expect(dry.status == 1 && dry.stderr.contains("hard links"))
    }

    @Test(.enabled(if: geteuid() == 0)) func theOwnerIsKeptWhenRootRewritesAFile() throws {
        let folder = try folderWith(["photo.jpg": "jpeg/rocket.jpg"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/photo.jpg"
        #expect(chown(path, 65534, 65534) == 0)
        #expect(try Imgpress.run([path, "--in-place"]).status == 0)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_uid == 65534 && info.st_gid == 65534)
        #expect(info.st_size < 60_000)
    }

    /// The write itself: a file saved meanwhile (another size and time) is not replaced.
    @Test func aFileChangedMeanwhileIsNotReplaced() throws {
        let folder = try folderWith(["photo.jpg": "jpeg/rocket.jpg"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/photo.jpg"
        let version = try #require(FileIO.identity(of: path))
        let saved = try FileIO.read(Imgpress.fixture("jpeg/flower.jpg"))
        try FileIO.writeAtomically(saved, to: path, replace: true)
        #expect(throws: ImagePressError.changedWhileWorking) {
            try FileIO.replaceInPlace([1, 2, 3], at: path, read: version, preservingTimes: false, dryRun: false)
        }
        #expect(try FileIO.read(path) == saved)
        #expect(Imgpress.contents(of: folder) == ["photo.jpg"])
    }

    @Test func theSameFileTwiceInPlaceIsAUsageError() throws {
        let folder = try folderWith(["t.jpg": "jpeg/rocket.jpg"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Imgpress.run(["t.jpg", "./t.jpg", "--in-place"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("t.jpg and ./t.jpg would both be written to"))
    }

    @Test func aWalkLeavesOutItsOwnOutputFolder() throws {
        let folder = try folderWith(["a.jpg": "jpeg/rocket.jpg", "b.png": "png/horse.png"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Imgpress.run(["-r", ".", "-o", "small/"], in: folder).status == 0)
        let second = try Imgpress.run(["-r", ".", "-o", "small/", "--force"], in: folder)
        #expect(second.status == 0)
        #expect(Imgpress.contents(of: folder + "/small").sorted() == ["a.jpg", "b.png"])
        #expect(second.stderr.contains("2 files"))
    }
}
