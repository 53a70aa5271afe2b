import Foundation
import Testing

@testable import ImagePress

struct SHA256Tests {
    @Test(
        "FIPS 180-4 example vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func knownVectors(message: String, digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test func millionAs() {
        #expect(
            SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

struct JPEGQualityTests {
    @Test func readsTheQualityLibjpegWasGiven() throws {
        let source = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        for quality in [30, 50, 75, 80, 90, 95] {
            let encoded = try JPEGCodec.encode(source, options: JPEGEncodeOptions(quality: quality))
            #expect(JPEGQuality.estimate(encoded) == quality)
        }
    }

    @Test func aHighQualitySourceIsReencodedALowOneOnlyOptimized() throws {
        let source = try PNGCodec.decode(try TestImages.bytes("png/hopper.png"))
        let high = try JPEGCodec.encode(source, options: JPEGEncodeOptions(quality: 95, subsampling: .s444))
        let low = try JPEGCodec.encode(source, options: JPEGEncodeOptions(quality: 60, progressive: false))
        #expect(try Compressor.compress(high, settings: CompressionSettings()).method == .jpegLossy(quality: 80))
        let result = try Compressor.compress(low, settings: CompressionSettings())
        #expect(result.method != .jpegLossy(quality: 80))
        #expect(try JPEGCodec.decode(result.bytes) == (try JPEGCodec.decode(low)))
    }
}

struct MinimumSavingTests {
    @Test func parsing() {
        #expect(MinimumSaving(parsing: "5%,1KiB") == .standard)
        #expect(MinimumSaving(parsing: "10%") == MinimumSaving(percent: 10, bytes: 0))
        #expect(MinimumSaving(parsing: "2MB") == MinimumSaving(percent: 0, bytes: 2_000_000))
        #expect(MinimumSaving(parsing: "120%") == nil)
        #expect(MinimumSaving(parsing: "lots") == nil)
    }

    @Test func bothPartsMustBeMet() {
        #expect(MinimumSaving.standard.isMet(input: 100_000, output: 90_000))
        #expect(!MinimumSaving.standard.isMet(input: 100_000, output: 96_000), "4 % is under 5 %")
        #expect(!MinimumSaving.standard.isMet(input: 10_000, output: 9_200), "800 B is under 1 KiB")
    }
}

struct ShardTests {
    @Test func shardsPartitionTheInputs() {
        let paths = (0..<500).map { "assets/img-\($0).png" }
        for count in [1, 2, 3, 7] {
            let shards = (1...count).map { Shard(parsing: "\($0)/\(count)")! }
            var seen = Set<String>()
            for shard in shards {
                let mine = paths.filter(shard.contains)
                #expect(seen.isDisjoint(with: mine))
                seen.formUnion(mine)
                if count > 1 { #expect(mine.count > 500 / count / 2, "shards should be roughly even") }
            }
            #expect(seen == Set(paths))
        }
    }

    @Test func theSplitIsStableAndIgnoresDotSlash() {
        let shard = Shard(parsing: "2/3")!
        #expect(shard.contains("a/b.png") == shard.contains("./a/b.png"))
        #expect(Shard.stableHash("") == 0xcbf2_9ce4_8422_2325)
        #expect(Shard(parsing: "0/3") == nil && Shard(parsing: "4/3") == nil && Shard(parsing: "x") == nil)
        #expect(Shard(parsing: "3/3/") == nil && Shard(parsing: "/1/3") == nil && Shard(parsing: "3/3") != nil)
    }
}

struct ConfigLoaderTests {
    private func write(_ text: String) throws -> String {
        let folder = try TestImages.temporaryFolder()
        let path = folder + "/imgpress.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func readsDefaultsOverridesAndIgnores() throws {
        let path = try write(
            """
            quality = 82
            min-saving = "3%,2KiB"
            ignore = ["vendor/**"]

            [overrides]
            "**/*.png" = { lossless = true }
            "photos/**" = { quality = 75, subsampling = "444" }
            """)
        let config = try ConfigLoader.load(path)
        let root = config.root
        #expect(config.defaults.quality == 82)
        #expect(config.defaults.minimumSaving == MinimumSaving(percent: 3, bytes: 2048))
        #expect(config.isIgnored(root + "/vendor/x/a.png"))
        #expect(!config.isIgnored(root + "/photos/a.png"))
        var settings = CompressionSettings()
        for patch in config.patches(for: root + "/photos/a.jpg") { patch.apply(to: &settings) }
        #expect(settings.quality == 75 && settings.subsampling == .s444 && !settings.lossless)
        settings = CompressionSettings()
        for patch in config.patches(for: root + "/logo.png") { patch.apply(to: &settings) }
        #expect(settings.quality == 82 && settings.lossless)
    }

    @Test func unknownKeysAndBadValuesNameTheLine() throws {
        let unknown = try write("quality = 80\n\nqualty = 75\n")
        let unknownError = #expect(throws: ConfigError.self) { try ConfigLoader.load(unknown) }
        #expect(unknownError?.line == 3)
        #expect(unknownError?.message.hasPrefix("unknown key 'qualty' (known: background, baseline,") == true)
        #expect(unknownError?.description.hasPrefix(unknown + ":3: unknown key 'qualty'") == true)
        let badValue = try write("[overrides]\n\"*.png\" = { quality = 300 }\n")
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(badValue) }
        #expect(error?.line == 2)
        #expect(error?.message.hasPrefix("'quality' takes an integer from 0 to 100") == true)
        let syntax = try write("quality = = 3\n")
        #expect((#expect(throws: ConfigError.self) { try ConfigLoader.load(syntax) })?.line == 1)
        let notText = try write("")
        try FileIO.writeAtomically([0x71, 0x3D, 0x31, 0x0A, 0x23, 0xFF, 0x0A], to: notText, replace: true)
        let encoding = #expect(throws: ConfigError.self) { try ConfigLoader.load(notText) }
        #expect(encoding?.message == "not valid TOML: the file is not UTF-8 text")
    }

    @Test func overridesAsTableHeadersApplyInTheFilesOrder() throws {
        let path = try write(
            """
            [overrides."**/*.jpg"]
            quality = 70
            keep-metadata = "copyright"

            [overrides."photos/**"]  # later: wins over the one above
            quality = 90
            """)
        let config = try ConfigLoader.load(path)
        #expect(config.overrides.map(\.line) == [1, 5])
        var settings = CompressionSettings()
        for patch in config.patches(for: config.root + "/photos/a.jpg") { patch.apply(to: &settings) }
        #expect(settings.quality == 90 && settings.metadata == MetadataPolicy(parsing: "copyright"))
        let wrongKind = try write("[overrides]\n\"*.png\" = 3\n")
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(wrongKind) }
        #expect(error?.line == 2 && error?.message.hasPrefix("an override takes a table of settings") == true)
    }
}

struct CacheManifestTests {
    @Test func roundTripsSortedAndPrunesDeletedFiles() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["b.png", "a.jpg"] { try Data([1]).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let (cache, warning) = CacheManifest.load(folder + "/cache.json")
        #expect(warning == nil && cache.count == 0)
        for name in ["b.png", "a.jpg", "gone.webp"] {
            cache.record(.init(input: "i-\(name)", output: "o-\(name)", settings: "s"), for: folder + "/" + name)
        }
        try cache.save()
        let text = try String(contentsOfFile: folder + "/cache.json", encoding: .utf8)
        #expect(
            text == """
                {
                  "imgpress_cache": 1,
                  "entries": {
                    "a.jpg": {"input": "i-a.jpg", "output": "o-a.jpg", "settings": "s"},
                    "b.png": {"input": "i-b.png", "output": "o-b.png", "settings": "s"}
                  }
                }

                """)
        let (reloaded, again) = CacheManifest.load(folder + "/cache.json")
        #expect(again == nil)
        #expect(reloaded.entry(for: folder + "/a.jpg") == .init(input: "i-a.jpg", output: "o-a.jpg", settings: "s"))
    }

    /// A cache kept in a folder of its own still names the inputs relative to itself, so it
    /// applies in another checkout (it held absolute paths, which a CI runner's new path missed).
    @Test func keysAreRelativeToTheCacheFolderAlsoFromOutsideIt() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/cache", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/assets", withIntermediateDirectories: true)
        try Data([1]).write(to: URL(fileURLWithPath: folder + "/assets/a.jpg"))
        let manifest = CacheManifest.load(folder + "/cache/c.json").manifest
        #expect(manifest.key(for: folder + "/assets/a.jpg") == "../assets/a.jpg")
        manifest.record(.init(input: "1", output: "1", settings: "s"), for: folder + "/assets/a.jpg")
        try manifest.save()
        let text = try String(contentsOfFile: folder + "/cache/c.json", encoding: .utf8)
        #expect(text.contains("\"../assets/a.jpg\"") && !text.contains(folder), "\(text)")
        #expect(
            CacheManifest.load(folder + "/cache/c.json").manifest.entry(for: folder + "/assets/a.jpg")?.input == "1")
        // Through a linked cache folder, ".." means what the file system says it means.
        try FileManager.default.createDirectory(atPath: folder + "/real/cache", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/cachelink", withDestinationPath: "real/cache")
        let linked = CacheManifest.load(folder + "/cachelink/c.json").manifest
        linked.record(.init(input: "2", output: "2", settings: "s"), for: folder + "/assets/a.jpg")
        try linked.save()
        #expect(
            CacheManifest.load(folder + "/cachelink/c.json").manifest.entry(for: folder + "/assets/a.jpg")?.input == "2"
        )
        #expect(PathTools.reaching("/p/ca/a.jpg", from: "/p/cd/x") == "../../ca/a.jpg")
        #expect(PathTools.reaching("/home/a.jpg", from: "/tmp") == nil)
    }

    /// Two runs sharing one cache (CI shards in parallel): each save keeps what the other saved
    /// meanwhile and changes only its own entries.
    @Test func runsSharingACacheKeepEachOthersEntries() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["a.jpg", "b.png", "c.webp"] { try Data([1]).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let path = folder + "/cache.json"
        let first = CacheManifest.load(path).manifest
        let second = CacheManifest.load(path).manifest
        first.record(.init(input: "1", output: "1", settings: "s"), for: folder + "/a.jpg")
        second.record(.init(input: "2", output: "2", settings: "s"), for: folder + "/b.png")
        try first.save()
        try second.save()
        let merged = CacheManifest.load(path).manifest
        #expect(
            merged.entry(for: folder + "/a.jpg")?.input == "1" && merged.entry(for: folder + "/b.png")?.input == "2")
        // A run that forgets an entry (its file failed) removes only that one.
        let third = CacheManifest.load(path).manifest
        third.forget(folder + "/a.jpg")
        try third.save()
        let after = CacheManifest.load(path).manifest
        #expect(after.entry(for: folder + "/a.jpg") == nil && after.entry(for: folder + "/b.png")?.input == "2")
        // The file damaged (or deleted) meanwhile: this run's own view, hits included, is written.
        let fourth = CacheManifest.load(path).manifest
        fourth.record(.init(input: "3", output: "3", settings: "s"), for: folder + "/c.webp")
        try "{\"imgpress_cache\": 1, damaged".write(toFile: path, atomically: true, encoding: .utf8)
        try fourth.save()
        let rewritten = CacheManifest.load(path)
        #expect(rewritten.warning == nil)
        #expect(rewritten.manifest.entry(for: folder + "/b.png")?.input == "2")
        #expect(rewritten.manifest.entry(for: folder + "/c.webp")?.input == "3")
    }

    @Test func aCorruptOrForeignCacheIsIgnoredWithAWarning() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "{\"imgpress_cache\": 1, not json".write(toFile: folder + "/c.json", atomically: true, encoding: .utf8)
        let (corrupt, warning) = CacheManifest.load(folder + "/c.json")
        #expect(corrupt.count == 0)
        #expect(warning == "cache \(folder)/c.json is damaged (not valid JSON); starting a new one")
        #expect(!CacheManifest.isForeign(folder + "/c.json"))
        try corrupt.save()
        #expect(CacheManifest.load(folder + "/c.json").warning == nil)
        // Someone else's file is not an imgpress cache to rewrite, damaged or not.
        try #"{"something": "else"}"#.write(toFile: folder + "/d.json", atomically: true, encoding: .utf8)
        #expect(CacheManifest.isForeign(folder + "/d.json"))
        #expect(throws: ImagePressError.foreignCache(path: folder + "/d.json")) {
            try CacheManifest.load(folder + "/d.json").manifest.save()
        }
        #expect(try String(contentsOfFile: folder + "/d.json", encoding: .utf8) == #"{"something": "else"}"#)
    }
}
