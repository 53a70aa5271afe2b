import Foundation
import ImagePress
import Testing

/// End to end on a temporary copy of a folder tree with good, bad, non-image and hidden files.
struct BatchTests {
    static let treeFiles: [(String, String)] = [
        ("photos/rocket.jpg", "jpeg/rocket.jpg"), ("photos/flower.jpg", "jpeg/flower.jpg"),
        ("photos/2024/hopper.jpg", "jpeg/hopper.jpg"), ("graphics/horse.png", "png/horse.png"),
        ("graphics/rgba.png", "png/rgba.png"), ("graphics/palette.png", "png/palette.png"),
        ("web/alpha.webp", "webp/alpha.webp"), ("web/lossy.webp", "webp/lossy.webp"),
        ("broken/truncated.jpg", "bad/truncated.jpg"), ("broken/empty.png", "bad/empty.png"),
        ("docs/readme.txt", "bad/not-an-image.txt"), (".git/logo.png", "png/hopper.png"),
    ]
    static let goodImages = 8

    /// A fresh folder holding tree/ with the files above.
    static func makeTree() throws -> String {
        let root = try Imgpress.temporaryFolder()
        for (path, fixture) in treeFiles {
            let target = root + "/tree/" + path
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Imgpress.fixture(fixture), toPath: target)
        }
        return root
    }

    static func files(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }.filter { path in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }.sorted()
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func mirrorsTheTreeAndReportsEveryFile() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try Imgpress.run(
            ["-r", "tree", "-o", "out", "--report", "json", "--report-file", "report.json"],
            in: root)
        #expect(result.status == 1)
        let written = Self.files(under: root + "/out")
        #expect(
            written == [
                "graphics/horse.png", "graphics/palette.png", "graphics/rgba.png", "photos/2024/hopper.jpg",
                "photos/flower.jpg", "photos/rocket.jpg", "web/alpha.webp", "web/lossy.webp",
            ])
        let report = try Self.json(root + "/report.json")
        let totals = try #require(report["totals"] as? [String: Any])
        #expect(totals["files"] as? Int == 10)
        #expect((totals["written"] as? Int ?? 0) + (totals["kept"] as? Int ?? 0) == written.count)
        #expect(totals["failed"] as? Int == 2)
        let records = try #require(report["files"] as? [[String: Any]])
        var outputBytes = 0
        for record in records where record["action"] as? String != "failed" {
            let output = try #require(record["output"] as? String)
            let size = try FileManager.default.attributesOfItem(atPath: root + "/" + output)[.size] as? Int
            #expect(size == record["bytes_out"] as? Int, "\(output)")
            outputBytes += size ?? 0
        }
        #expect(totals["bytes_out"] as? Int == outputBytes)
        #expect(
            result.stderr.contains(
                "10 files: \(totals["written"]!) written, \(totals["kept"]!) kept, 0 skipped, 2 failed"))
        let errors = result.stderrLines.filter { $0.hasPrefix("imgpress: error:") }.sorted()
        #expect(
            errors == [
                "imgpress: error: tree/broken/empty.png: empty file",
                "imgpress: error: tree/broken/truncated.jpg: truncated or corrupt JPEG data (Premature end of JPEG file)",
            ])
    }

    @Test func othersAreCopiedOnlyWhenAskedAndHiddenOnlyWhenAsked() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(
            try Imgpress.run(["-r", "tree", "-o", "out", "--copy-others", "--hidden", "--quiet"], in: root).status == 1)
        let out = Self.files(under: root + "/out")
        #expect(out.contains("docs/readme.txt") && out.contains(".git/logo.png"))
        #expect(try FileIO.read(root + "/out/docs/readme.txt") == (try FileIO.read(root + "/tree/docs/readme.txt")))
        #expect(
            try Imgpress.run(
                ["-r", "tree", "-o", "png-only", "--include", "*.png", "--exclude", "graphics/h*"],
                in: root
            ).status == 1)
        #expect(Self.files(under: root + "/png-only") == ["graphics/palette.png", "graphics/rgba.png"])
    }

    @Test func dryRunWritesNothingAndReportsTheRealSizes() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try Self.files(under: root + "/tree").map { try FileIO.read(root + "/tree/" + $0) }
        let dry = try Imgpress.run(["-r", "tree", "-o", "out", "--dry-run", "--report", "json"], in: root)
        #expect(dry.status == 1)
        #expect(!FileManager.default.fileExists(atPath: root + "/out"))
        #expect(dry.stderr.contains("would save") && dry.stderr.contains("dry run: nothing written"))
        #expect(dry.stderr.contains(" would be written, ") && dry.stderr.firstMatch(of: /\d+ written/) == nil)
        let inPlace = try Imgpress.run(["-r", "tree", "--in-place", "--dry-run", "--quiet"], in: root)
        #expect(inPlace.status == 1)
        #expect(try Self.files(under: root + "/tree").map { try FileIO.read(root + "/tree/" + $0) } == before)
        // The sizes a dry run reports are the sizes a real run writes.
        let dryReport = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout)) as? [String: Any])
        #expect(try Imgpress.run(["-r", "tree", "-o", "out", "--quiet"], in: root).status == 1)
        for record in try #require(dryReport["files"] as? [[String: Any]]) where record["action"] as? String != "failed"
        {
            let output = try #require(record["output"] as? String)
            let size = try FileManager.default.attributesOfItem(atPath: root + "/" + output)[.size] as? Int
            #expect(size == record["bytes_out"] as? Int, "\(output)")
        }
    }

    /// A second run into the same output folder finds what it would write already there and
    /// leaves it, without --force; an output that holds anything else is still refused.
    @Test func aRunIntoTheSameFolderCanBeRepeated() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Imgpress.run(["-r", "tree", "-o", "out", "--copy-others", "--quiet"], in: root).status == 1)
        let names = Self.files(under: root + "/out")
        let snapshot = try names.map { try FileIO.read(root + "/out/" + $0) }
        let second = try Imgpress.run(["-r", "tree", "-o", "out", "--copy-others", "--report", "json"], in: root)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout)) as? [String: Any])
        let totals = try #require(report["totals"] as? [String: Any])
        #expect(totals["written"] as? Int == 0 && totals["copied"] as? Int == 0, "\(totals)")
        #expect((totals["kept"] as? Int ?? 0) >= Self.goodImages, "\(totals)")
        #expect(!second.stderr.contains("already exists"), "\(second.stderr)")
        #expect(try names.map { try FileIO.read(root + "/out/" + $0) } == snapshot)
        // Someone's own file under an output name is not replaced.
        let mine = root + "/out/" + names[0]
        try Data("mine".utf8).write(to: URL(fileURLWithPath: mine))
        let third = try Imgpress.run(["-r", "tree", "-o", "out", "--copy-others", "--quiet"], in: root)
        #expect(third.status == 1 && third.stderr.contains("out/\(names[0]) already exists; use --force"))
        #expect(try FileIO.read(mine) == Array("mine".utf8))
    }

    @Test func outputIsByteIdenticalWhateverTheNumberOfWorkers() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(
            try Imgpress.run(["-r", "tree", "-o", "one", "-j", "1", "-f", "webp", "--quiet"], in: root).status == 1)
        #expect(
            try Imgpress.run(["-r", "tree", "-o", "four", "-j", "4", "-f", "webp", "--quiet"], in: root).status == 1)
        let names = Self.files(under: root + "/one")
        #expect(names.count == Self.goodImages)
        #expect(names == Self.files(under: root + "/four"))
        for name in names {
            #expect(try FileIO.read(root + "/one/" + name) == (try FileIO.read(root + "/four/" + name)), "\(name)")
        }
    }

    @Test func inPlaceKeepsPermissionsAndTimesAndASecondRunChangesNothing() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let photo = root + "/tree/photos/rocket.jpg"
        let past = Date(timeIntervalSince1970: 1_500_000_000)
        chmod(photo, 0o604)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: photo)
        let first = try Imgpress.run(["-r", "tree", "--in-place", "--preserve-times", "--quiet"], in: root)
        #expect(first.status == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: photo)
        #expect((attributes[.size] as? Int ?? 0) < 112_525)
        #expect(FileIO.permissions(of: photo) == 0o604)
        #expect(attributes[.modificationDate] as? Date == past)
        let snapshot = try Self.files(under: root + "/tree").map { try FileIO.read(root + "/tree/" + $0) }
        let second = try Imgpress.run(["-r", "tree", "--in-place", "--report", "json"], in: root)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout)) as? [String: Any])
        let totals = try #require(report["totals"] as? [String: Any])
        #expect(totals["written"] as? Int == 0)
        #expect(totals["kept"] as? Int == Self.goodImages)
        #expect(try Self.files(under: root + "/tree").map { try FileIO.read(root + "/tree/" + $0) } == snapshot)
        #expect(!Self.files(under: root).contains { $0.contains(".imgpress-") })
    }

    @Test func filesFromAListSkipsWhatIsNotAnImage() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let list = ["tree/photos/rocket.jpg", "tree/docs/readme.txt", "tree/web/alpha.webp", "Makefile"]
        let newline = try Imgpress.run(
            ["--files-from", "-", "-o", "a"], stdin: Array(list.joined(separator: "\n").utf8),
            in: root)
        #expect(newline.status == 0)
        #expect(Self.files(under: root + "/a") == ["tree/photos/rocket.jpg", "tree/web/alpha.webp"])
        let nul = try Imgpress.run(
            ["--files-from", "-", "-0", "--in-place", "--quiet"],
            stdin: Array(list.joined(separator: "\0").utf8), in: root)
        #expect(nul.status == 0)
        #expect((try FileIO.read(root + "/tree/photos/rocket.jpg")).count < 112_525)
        // Absolute paths (find "$PWD" ...) mirror from the working folder; from elsewhere, the name.
        let physicalRoot = try #require(FileIO.resolvedPath(root))
        let absolute = [physicalRoot + "/tree/web/alpha.webp", Imgpress.fixture("png/horse.png")]
        let listed = try Imgpress.run(
            ["--files-from", "-", "-o", "b"], stdin: Array(absolute.joined(separator: "\n").utf8), in: root)
        #expect(listed.status == 0)
        #expect(Self.files(under: root + "/b") == ["horse.png", "tree/web/alpha.webp"])
    }

    @Test func collisionsAreRefusedBeforeAnythingIsWritten() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.copyItem(
            atPath: root + "/tree/graphics/rgba.png", toPath: root + "/tree/photos/rocket.png")
        let result = try Imgpress.run(["-r", "tree", "-f", "webp", "-o", "out"], in: root)
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "tree/photos/rocket.jpg and tree/photos/rocket.png would both be written to out/photos/rocket.webp"))
        #expect(!FileManager.default.fileExists(atPath: root + "/out"))
    }

    @Test func verboseProgressAndMarkdown() throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let quietBatch = try Imgpress.run(["-r", "tree/photos", "-o", "a"], in: root)
        #expect(quietBatch.stderrLines.count == 1, "a batch prints its summary only: \(quietBatch.stderr)")
        let verbose = try Imgpress.run(["-r", "tree/photos", "-o", "b", "-v"], in: root)
        #expect(verbose.stderrLines.filter { $0.contains(" → b/") }.count == 3)
        let progress = try Imgpress.run(["-r", "tree/photos", "-o", "c", "--progress", "always", "-j", "1"], in: root)
        #expect(
            progress.stderr.contains("3/3 files") && progress.stderr.contains("files/s")
                && progress.stderr.contains("\r"))
        let never = try Imgpress.run(["-r", "tree/photos", "-o", "d", "--progress", "never"], in: root)
        #expect(!never.stderr.contains("files/s"))
        let markdown = try Imgpress.run(["-r", "tree/photos", "-o", "e", "--report", "markdown"], in: root)
        let table = String(decoding: markdown.stdout, as: UTF8.self)
        #expect(table.contains("| File | Before | After | Saving | Result |"))
        #expect(table.contains("| `tree/photos/rocket.jpg` | 109.9 KiB |"))
        #expect(table.contains("**Total: 3 files**"))
    }

    @Test func aReportToStandardOutputCannotShareItWithImageData() throws {
        let result = try Imgpress.run(
            ["-", "--report", "json"], stdin: try FileIO.read(Imgpress.fixture("jpeg/hopper.jpg")))
        #expect(result.status == 2)
        #expect(result.stderr.contains("send the report to a file with --report-file"))
    }
}
