import Foundation
import ImagePress
import Testing

/// --in-place replaces users' own files: it keeps each file's name, format, owner, links and
/// protection, never writes through a symlink, and never replaces a file that changed while
/// imgpress worked on it.
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
        // The same through imgpress.toml, where only the file itself can tell.
        try Data("format = \"webp\"\n".utf8).write(to: URL(fileURLWithPath: folder + "/imgpress.toml"))
        let config = try Imgpress.run(["logo.png", "photo.jpg", "--in-place"], in: folder)
        #expect(config.status == 1)
        #expect(
            config.stderr.contains(
                "logo.png: --in-place keeps each file's format, and this would put WebP data in a PNG file"))
        #expect(try FileIO.read(folder + "/logo.png") == before)
        #expect(try ImageDecoder.format(of: FileIO.read(folder + "/photo.jpg")) == .jpeg)
        // --check writes nothing, so it may still say what a conversion would save.
        let check = try Imgpress.run(["photo.jpg", "-f", "webp", "--check", "--no-config"], in: folder)
        #expect(check.status == 3 && check.stderr.contains("could be smaller: photo.jpg"))
        // A conversion that grows is listed too (a run would write it), but not as smaller.
        let grows = try Imgpress.run(
            [Imgpress.fixture("png/gray1-interlaced.png"), "-f", "jpeg", "--check", "--no-config"], in: folder)
        #expect(grows.status == 3, "\(grows.stderr)")
        #expect(grows.stderr.contains("would be converted: ") && !grows.stderr.contains("could be smaller"))
        #expect(grows.stderr.contains("images could be optimized, adding "), "\(grows.stderr)")
    }

    /// In place only regular files are replaced: a link is skipped (walks skip links too), so a
    /// link into another folder can never make imgpress write there. Its target, named too, is
    /// done once.
    @Test func aSymlinkIsSkippedAndItsTargetDoneOnce() throws {
        let folder = try folderWith(["real.jpg": "jpeg/rocket.jpg"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try FileIO.read(folder + "/real.jpg")
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.jpg", withDestinationPath: "real.jpg")
        let alone = try Imgpress.run(["link.jpg", "--in-place"], in: folder)
        #expect(alone.status == 0 && alone.stderr.contains("link.jpg: skipped: symbolic link"))
        #expect(try FileIO.read(folder + "/real.jpg") == before)
        let both = try Imgpress.run(["link.jpg", "real.jpg", "./real.jpg", "--in-place", "-v"], in: folder)
        #expect(both.status == 0)
        #expect(both.stderr.contains("2 files: 1 written, 0 kept, 1 skipped, 0 failed"), "\(both.stderr)")
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
                "a.jpg: it has 2 hard links, and replacing it would leave the others with the old image; left as it is"
            ))
        #expect(result.stderr.contains("locked.jpg: it is read-only; left as it is"))
        for name in ["a.jpg", "b.jpg", "locked.jpg"] { #expect(try FileIO.read(folder + "/" + name) == original) }
        // --check (as on a read-only checkout) writes nothing, so it refuses nothing.
        let check = try Imgpress.run(["a.jpg", "locked.jpg", "--check"], in: folder)
        #expect(check.status == 3 && check.stderr.contains("2 of 2 images could be optimized"), "\(check.stderr)")
    }

    /// -o naming the input by another spelling or through a link is a write in place, with its
    /// checks: --force once replaced a hard-linked file (the other name kept the old image) and
    /// a read-only one (made writable). Another hard link is another name: it is replaced by
    /// rename, and the input stays as it is (cp -al backups).
    @Test func anOutputThatIsTheInputByAnotherNameIsInPlace() throws {
        let folder = try folderWith([
            "a.jpg": "jpeg/rocket.jpg", "locked.jpg": "jpeg/rocket.jpg", "plain.jpg": "jpeg/rocket.jpg",
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let original = try FileIO.read(folder + "/a.jpg")
        #expect(link(folder + "/a.jpg", folder + "/b.jpg") == 0)
        try FileManager.default.createSymbolicLink(atPath: folder + "/via-link.jpg", withDestinationPath: "a.jpg")
        chmod(folder + "/locked.jpg", 0o444)
        for spelling in ["./a.jpg", folder + "/a.jpg", "via-link.jpg"] {
            let linked = try Imgpress.run(["a.jpg", "-o", spelling, "--force"], in: folder)
            #expect(linked.status == 1 && linked.stderr.contains("a.jpg: it has 2 hard links"), "\(linked.stderr)")
        }
        let locked = try Imgpress.run(["locked.jpg", "-o", folder + "/locked.jpg", "--force"], in: folder)
        #expect(locked.status == 1 && locked.stderr.contains("locked.jpg: it is read-only"), "\(locked.stderr)")
        for name in ["a.jpg", "b.jpg", "locked.jpg"] { #expect(try FileIO.read(folder + "/" + name) == original) }
        // A file named twice, with -o at its own folder, is done once (the second job found it
        // changed and failed).
        try FileManager.default.createDirectory(atPath: folder + "/d", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Imgpress.fixture("jpeg/rocket.jpg"), toPath: folder + "/d/r.jpg")
        let twice = try Imgpress.run(["d/r.jpg", "./d/r.jpg", "-o", "d/", "-v"], in: folder)
        #expect(twice.status == 0 && !twice.stderr.contains("changed"), "\(twice.stderr)")
        #expect(try FileIO.read(folder + "/d/r.jpg").count < original.count / 2)
        let other = try Imgpress.run(["a.jpg", "-o", "b.jpg", "--force"], in: folder)
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try FileIO.read(folder + "/a.jpg") == original)
        #expect(try FileIO.read(folder + "/b.jpg").count < original.count / 2)
        var info = stat()
        #expect(stat(folder + "/locked.jpg", &info) == 0 && info.st_mode & 0o777 == 0o444)
        // No --force needed: in place, a file is only replaced by a smaller one.
        let plain = try Imgpress.run(["plain.jpg", "-o", "./plain.jpg"], in: folder)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try FileIO.read(folder + "/plain.jpg").count < original.count / 2)
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

    /// A file saved meanwhile (another size and time) is not replaced; nor is one replaced just
    /// before the rename (the second check).
    @Test func aFileChangedMeanwhileIsNotReplaced() throws {
        let folder = try folderWith(["photo.jpg": "jpeg/rocket.jpg"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/photo.jpg"
        let held = try FileIO.holdForReplacing(path)
        let saved = try FileIO.read(Imgpress.fixture("jpeg/flower.jpg"))
        try FileIO.writeAtomically(saved, to: path, replace: true)
        #expect(throws: ImagePressError.changedWhileWorking) {
            try FileIO.replaceInPlace([1, 2, 3], of: held, preservingTimes: false)
        }
        let version = try #require(FileIO.identity(of: path))
        try FileIO.writeAtomically(Array(saved.dropLast()), to: path, replace: true)
        #expect(throws: ImagePressError.changedWhileWorking) {
            try FileIO.writeAtomically([1, 2, 3], to: path, replace: true, unchangedFrom: version)
        }
        #expect(try FileIO.read(path) == Array(saved.dropLast()))
        #expect(Imgpress.contents(of: folder) == ["photo.jpg"])
        // Unchanged, the same held file is replaced.
        let again = try FileIO.holdForReplacing(path)
        try FileIO.replaceInPlace([4, 5], of: again, preservingTimes: false)
        #expect(try FileIO.read(path) == [4, 5])
        // Rewritten in place at the same size with its old modification time put back (cp -p):
        // only the change time tells, and it does.
        let edited = try FileIO.holdForReplacing(path)
        var info = stat()
        #expect(stat(path, &info) == 0)
        var times = [info.st_atim, info.st_mtim]
        usleep(20_000)
        let descriptor = open(path, O_WRONLY)
        #expect(descriptor >= 0 && write(descriptor, [UInt8(9), 9], 2) == 2)
        close(descriptor)
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        #expect(throws: ImagePressError.changedWhileWorking) {
            try FileIO.replaceInPlace([1], of: edited, preservingTimes: false)
        }
        let now = try FileIO.read(path)
        #expect(now == [9, 9], "\(now)")
    }

    @Test func theSameFileNamedTwiceIsDoneOnce() throws {
        let folder = try folderWith(["t.jpg": "jpeg/rocket.jpg"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Imgpress.run(["t.jpg", "./t.jpg", "--in-place"], in: folder)
        #expect(result.status == 0)
        #expect(result.stderrLines.filter { $0.contains("t.jpg") }.count == 1, "\(result.stderr)")
        #expect(try FileIO.read(folder + "/t.jpg").count < 60_000)
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
