import Foundation
import ImagePress
import Testing

/// The CI story end to end, on a temporary git repository built from the fixtures.
struct ProjectTests {
    static let files: [(String, String)] = [
        ("assets/photos/rocket.jpg", "jpeg/rocket.jpg"), ("assets/photos/flower.jpg", "jpeg/flower.jpg"),
        ("assets/photos/hopper.jpg", "jpeg/hopper.jpg"), ("assets/icons/horse.png", "png/horse.png"),
        ("assets/icons/rgba.png", "png/rgba.png"), ("assets/web/alpha.webp", "webp/alpha.webp"),
        ("assets/web/lossless.webp", "webp/lossless.webp"), ("vendor/palette.png", "png/palette.png"),
    ]

    static func makeRepository(config: String? = nil) throws -> String {
        let root = try Imgpress.temporaryFolder()
        for (path, fixture) in files {
            let target = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Imgpress.fixture(fixture), toPath: target)
        }
        if let config { try config.write(toFile: root + "/imgpress.toml", atomically: true, encoding: .utf8) }
        try git(["init", "-q"], in: root)
        try git(["add", "."], in: root)
        try git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "assets"], in: root)
        return root
    }

    @discardableResult
    static func git(_ arguments: [String], in folder: String) throws -> [UInt8] {
        try Subprocess.run("/usr/bin/env", ["git"] + arguments, stderr: .discard, in: folder).stdout
    }

    static func snapshot(_ root: String) throws -> [String: [UInt8]] {
        var bytes: [String: [UInt8]] = [:]
        for (path, _) in files { bytes[path] = try FileIO.read(root + "/" + path) }
        return bytes
    }

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    /// A pull request that deletes an image lists it in `git diff --name-only`: noted, not
    /// failed. A file that cannot be read is never reported as optimized.
    @Test func deletedFilesAreNotedAndUnreadableOnesAreNotCalledOptimized() throws {
        let root = try Self.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Imgpress.run(["-r", "assets", "--in-place", "--quiet"], in: root).status == 0)
        try FileManager.default.removeItem(atPath: root + "/assets/photos/hopper.jpg")
        let list = "assets/photos/hopper.jpg\nassets/photos/rocket.jpg\n"
        let deleted = try Imgpress.run(["--files-from", "-", "--check"], stdin: Array(list.utf8), in: root)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stderr.contains("assets/photos/hopper.jpg: skipped: listed but missing (deleted?)"))
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: root + "/assets/icons/broken.png"))
        let broken = try Imgpress.run(["--check", "-r", "assets", "--report", "markdown"], in: root)
        #expect(broken.status == 1)
        let table = String(decoding: broken.stdout, as: UTF8.self)
        #expect(table.hasPrefix("### imgpress --check: 1 of 7 images could not be checked; the others are optimized"))
        #expect(
            broken.stderr.contains("imgpress --check: 1 of 7 images could not be checked; the others are optimized"))
    }

    @Test func checkFailsBeforeOptimizingAndPassesAfter() throws {
        let root = try Self.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try Imgpress.run(["--check", "-r", "assets", "--report", "markdown"], in: root)
        #expect(before.status == 3)
        #expect(before.stderr.contains("could be smaller: assets/photos/rocket.jpg: 109.9 KiB →"))
        let table = String(decoding: before.stdout, as: UTF8.self)
        #expect(
            table.contains("images can be optimized") && table.contains("| `assets/photos/rocket.jpg` | 109.9 KiB |"))
        // The totals split what a run would write at --min-saving, as the heading counts.
        let heading = try #require(table.firstMatch(of: /### imgpress --check: (\d+) of 7 images can be optimized/))
        let totalRow = try #require(table.split(separator: "\n").last { $0.hasPrefix("| **Total: 7 files**") })
        #expect(totalRow.contains("| \(heading.1) can be optimized, "), "\(totalRow)")
        #expect(before.stderr.contains("7 files: \(heading.1) can be optimized, "))
        #expect(try Self.snapshot(root) == (try Self.snapshot(try Self.makeRepository())), "check wrote something")
        #expect(try Imgpress.run(["-r", "assets", "--in-place", "--quiet"], in: root).status == 0)
        let after = try Imgpress.run(["--check", "-r", "assets"], in: root)
        #expect(after.status == 0)
        #expect(after.stderr.contains("imgpress --check: all 7 images are optimized"))
        // The same through git, as a CI job would list the files.
        let listed = try Self.git(["ls-files", "-z"], in: root)
        #expect(
            try Imgpress.run(["--check", "--files-from", "-", "-0", "--exclude", "vendor/**"], stdin: listed, in: root)
                .status == 0)
        #expect(
            try Imgpress.run(["--check", "--files-from", "-", "-0"], stdin: listed, in: root).status == 3,
            "vendor/palette.png was never optimized")
    }

    @Test func fiveRunsInARowSettleAfterTheFirst() throws {
        let root = try Self.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var snapshots: [[String: [UInt8]]] = []
        for run in 1...5 {
            let result = try Imgpress.run(["-r", ".", "--in-place", "--report", "json"], in: root)
            #expect(result.status == 0)
            let totals = try #require(try Self.json(result.stdout)["totals"] as? [String: Any])
            if run > 1 {
                #expect(totals["written"] as? Int == 0, "run \(run) wrote files")
                #expect(totals["kept"] as? Int == Self.files.count)
            }
            snapshots.append(try Self.snapshot(root))
        }
        #expect(snapshots[0] != (try Self.snapshot(try Self.makeRepository())))
        for later in snapshots.dropFirst() { #expect(later == snapshots[0]) }
        for (path, _) in Self.files {
            let pixels = try ImageDecoder.decode(snapshots[0][path]!)
            #expect(try ImageDecoder.decode(snapshots[4][path]!) == pixels, "\(path) pixels changed")
        }
        #expect(try Imgpress.run(["--check", "-r", "."], in: root).status == 0)
    }

    @Test func theCacheSkipsUnchangedFilesWithoutDecoding() throws {
        let root = try Self.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A larger tree, so that skipping the decode shows in the time taken.
        for index in 0..<40 {
            try FileManager.default.copyItem(
                atPath: Imgpress.fixture("png/horse.png"),
                toPath: root + "/assets/icons/copy\(index).png")
        }
        let arguments = [
            "-r", "assets", "--in-place", "--cache", ".imgpress-cache.json", "--report", "json", "-j", "1",
        ]
        let start = Date()
        let first = try Imgpress.run(arguments, in: root)
        let firstTime = Date().timeIntervalSince(start)
        #expect(first.status == 0)
        let cacheText = try String(contentsOfFile: root + "/.imgpress-cache.json", encoding: .utf8)
        #expect(cacheText.contains("\"assets/icons/copy0.png\": {\"input\": \""))
        let secondStart = Date()
        let second = try Imgpress.run(arguments, in: root)
        let secondTime = Date().timeIntervalSince(secondStart)
        let totals = try #require(try Self.json(second.stdout)["totals"] as? [String: Any])
        #expect(totals["cached"] as? Int == 47)
        #expect(secondTime < firstTime / 2, "cached run took \(secondTime) s, first \(firstTime) s")
        #expect(
            try String(contentsOfFile: root + "/.imgpress-cache.json", encoding: .utf8) == cacheText,
            "the cache file is deterministic")
        // A changed file is done again; a deleted one leaves the cache.
        try FileManager.default.copyItem(atPath: Imgpress.fixture("jpeg/rocket.jpg"), toPath: root + "/assets/new.jpg")
        try FileManager.default.removeItem(atPath: root + "/assets/icons/copy0.png")
        let third = try Imgpress.run(arguments, in: root)
        let records = try #require(try Self.json(third.stdout)["files"] as? [[String: Any]])
        #expect(records.first { $0["input"] as? String == "assets/new.jpg" }?["action"] as? String == "written")
        #expect(records.filter { $0["action"] as? String == "cached" }.count == 46)
        #expect(!(try String(contentsOfFile: root + "/.imgpress-cache.json", encoding: .utf8)).contains("copy0.png"))
    }

    @Test func aCorruptCacheIsReportedAndIgnored() throws {
        let root = try Self.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "{\"imgpress_cache\": 1, \"entries\": [oops".write(
            toFile: root + "/c.json", atomically: true, encoding: .utf8)
        let result = try Imgpress.run(["-r", "assets", "--in-place", "--cache", "c.json"], in: root)
        #expect(result.status == 0)
        #expect(
            result.stderrLines.contains(
                "imgpress: warning: cache c.json is damaged (not valid JSON); starting a new one"))
        #expect(try String(contentsOfFile: root + "/c.json", encoding: .utf8).hasPrefix("{\n  \"imgpress_cache\": 1,"))
        // A mistyped --cache naming another file of the project: a usage error, the file kept.
        let notes = "quality = 85\n"
        try notes.write(toFile: root + "/imgpress.toml", atomically: true, encoding: .utf8)
        let mistyped = try Imgpress.run(["-r", "assets", "--in-place", "--cache", "imgpress.toml"], in: root)
        #expect(mistyped.status == 2 && mistyped.stderr.contains("is a file that is not an imgpress cache"))
        #expect(try String(contentsOfFile: root + "/imgpress.toml", encoding: .utf8) == notes)
    }

    @Test func configOverridesApplyPerGlobAndCommandLineWins() throws {
        let root = try Self.makeRepository(
            config: """
                quality = 85
                ignore = ["vendor/**"]

                [overrides]
                "assets/photos/rocket.jpg" = { quality = 50 }
                """)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Imgpress.run(["-r", ".", "--in-place", "--quiet"], in: root).status == 0)
        #expect(JPEGQuality.estimate(try FileIO.read(root + "/assets/photos/rocket.jpg")) == 50)
        #expect(
            try FileIO.read(root + "/vendor/palette.png") == (try FileIO.read(Imgpress.fixture("png/palette.png"))),
            "ignored by the config")
        let other = try Self.makeRepository(config: "quality = 85\n")
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try Imgpress.run(["assets/photos/rocket.jpg", "--in-place", "-q", "60"], in: other).status == 0)
        #expect(JPEGQuality.estimate(try FileIO.read(other + "/assets/photos/rocket.jpg")) == 60)
        let printed = try Imgpress.run(["config", "--print", "assets/photos/rocket.jpg"], in: root)
        #expect(printed.status == 0)
        let text = String(decoding: printed.stdout, as: UTF8.self)
        #expect(text.contains("# overrides applied: \"assets/photos/rocket.jpg\"") && text.contains("quality = 50"))
    }

    /// Each path's section of `config --print` is a valid imgpress.toml that means the same:
    /// printed, pasted into a config of its own and printed again, it gives the same text. Every
    /// setting is printed (or, when it follows another, said so in a comment), so equal text
    /// means equal settings.
    @Test(arguments: [
        "format = \"webp\"\nquality = \"60-85\"\nkeep-metadata = \"copyright\"\nstrip-gps = true\n",
        "lossy = true\n",
        "effort = 2\n",
        "webp-method = 3\nkeep-metadata = \"all\"\n",
    ])
    func printedSettingsPasteBack(config: String) throws {
        let root = try Self.makeRepository(config: config)
        defer { try? FileManager.default.removeItem(atPath: root) }
        func section(_ config: String?, in folder: String? = nil) throws -> String {
            let arguments = ["config", "--print"] + (config.map { ["--config", $0] } ?? [])
            let result = try Imgpress.run(arguments, in: folder ?? root)
            #expect(result.status == 0, "\(result.stderr)")
            let text = String(decoding: result.stdout, as: UTF8.self)
            let header = try #require(text.range(of: "[.]\n"))
            return String(text[header.upperBound...])
        }
        let printed = try section(nil)
        try FileIO.writeAtomically(Array(printed.utf8), to: root + "/pasted.toml", replace: false)
        #expect(try section(root + "/pasted.toml") == printed)
        if config.hasPrefix("format") {
            #expect(printed.contains("quality = 85\npng-quality = \"60-85\""))
            #expect(printed.contains("keep-metadata = \"icc,copyright\"") && printed.contains("strip-gps = true"))
            #expect(printed.contains("format = \"webp\"") && printed.contains("lossy = true"))
        }
        if config == "lossy = true\n" { #expect(printed.contains("quality = 80\npng-quality = \"0-100\"")) }
        if config == "effort = 2\n" { #expect(printed.contains("# webp-method: 4 (follows effort)")) }
        // Built-in defaults too: no format line, just a comment.
        let empty = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let defaults = try section(nil, in: empty)
        #expect(
            defaults.contains("# format: same as each input") && defaults.contains("# webp-method: 6 (follows effort)"))
        // --no-config shows the same built-in defaults where a config exists.
        let ignored = try Imgpress.run(["config", "--print", "--no-config"], in: root)
        #expect(String(decoding: ignored.stdout, as: UTF8.self).hasSuffix(defaults))
    }

    @Test func aBadConfigIsAUsageErrorNamingTheLine() throws {
        let root = try Self.makeRepository(config: "quality = 80\n# comment\nqualty = 70\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try Imgpress.run(["--check", "-r", "assets"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("imgpress.toml:3: unknown key 'qualty'"))
        #expect(try Imgpress.run(["--check", "-r", "assets", "--no-config"], in: root).status == 3)
    }

    @Test func shardsPartitionTheSet() throws {
        let root = try Self.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        func inputs(_ extra: [String]) throws -> [String] {
            let result = try Imgpress.run(["--check", "-r", ".", "--report", "json"] + extra, in: root)
            let records = try #require(try Self.json(result.stdout)["files"] as? [[String: Any]])
            return records.compactMap { $0["input"] as? String }
        }
        let all = try inputs([])
        #expect(all.count == Self.files.count)
        var union: [String] = []
        for index in 1...3 { union += try inputs(["--shard", "\(index)/3"]) }
        #expect(union.sorted() == all.sorted())
        #expect(Set(union).count == union.count)
    }

    @Test func exitCodes() throws {
        let root = try Self.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Imgpress.run(["--check", "-r", "assets"], in: root).status == 3)
        #expect(try Imgpress.run(["--check", "-r", "assets", "--shard", "9/3"], in: root).status == 2)
        try Data().write(to: URL(fileURLWithPath: root + "/assets/broken.png"))
        #expect(try Imgpress.run(["--check", "-r", "assets"], in: root).status == 1, "a failure outranks found work")
        try FileManager.default.removeItem(atPath: root + "/assets/broken.png")
        #expect(try Imgpress.run(["-r", "assets", "--in-place", "--quiet"], in: root).status == 0)
        #expect(try Imgpress.run(["--check", "-r", "assets"], in: root).status == 0)
    }
}
