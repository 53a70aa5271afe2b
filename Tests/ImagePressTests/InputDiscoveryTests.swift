import Foundation
import Testing

@testable import ImagePress

struct InputDiscoveryTests {
    /// tree/ a.jpg b.png notes.txt .hidden/c.png sub/d.webp sub/vendor/e.png link.jpg → a.jpg
    private func makeTree() throws -> String {
        let root = try TestImages.temporaryFolder()
        let files = FileManager.default
        for folder in ["tree/.hidden", "tree/sub/vendor"] {
            try files.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        for name in [
            "tree/a.jpg", "tree/b.png", "tree/notes.txt", "tree/.hidden/c.png", "tree/sub/d.webp",
            "tree/sub/vendor/e.png",
        ] {
            try Data([1]).write(to: URL(fileURLWithPath: root + "/" + name))
        }
        try files.createSymbolicLink(atPath: root + "/tree/link.jpg", withDestinationPath: "a.jpg")
        return root
    }

    private func relativePaths(_ found: InputDiscovery.Found) -> [String] { found.inputs.map(\.relativePath) }

    /// Creates an empty file whose path is raw bytes (a Swift string cannot hold a name that is
    /// not UTF-8).
    private func createFile(named path: [UInt8]) -> Bool {
        let descriptor = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    @Test func walksInByteOrderSkippingHiddenAndLinks() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = InputDiscovery.Options()
        options.recursive = true
        // A name that is not UTF-8 but would not be taken anyway (not an image) is no notice.
        #expect(createFile(named: Array((root + "/tree/notes").utf8) + [0xFE] + Array(".txt".utf8)))
        let found = InputDiscovery.discover(arguments: [root + "/tree"], options: options)
        #expect(relativePaths(found) == ["a.jpg", "b.png", "sub/d.webp", "sub/vendor/e.png"])
        #expect(
            found.notices == [
                DiscoveryNotice(
                    path: root + "/tree/link.jpg", reason: "symbolic link, not followed",
                    isFailure: false)
            ])
    }

    @Test func hiddenOthersAndFilters() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = InputDiscovery.Options()
        options.recursive = true
        options.includeHidden = true
        options.copyOthers = true
        options.exclude = [GlobPattern("vendor/**"), GlobPattern("sub/vendor/**")]
        let found = InputDiscovery.discover(arguments: [root + "/tree/"], options: options)
        #expect(relativePaths(found) == [".hidden/c.png", "a.jpg", "b.png", "notes.txt", "sub/d.webp"])
        #expect(found.inputs.first { $0.relativePath == "notes.txt" }?.kind == .other)
        options.include = [GlobPattern("*.png")]
        options.copyOthers = false
        let filtered = InputDiscovery.discover(arguments: [root + "/tree"], options: options)
        #expect(relativePaths(filtered) == [".hidden/c.png", "b.png"])
        // link.jpg is not a *.png: filtered out like a file, not said to be skipped.
        #expect(filtered.notices.isEmpty)
        options.include = []
        options.exclude = [GlobPattern("link.jpg")]
        #expect(InputDiscovery.discover(arguments: [root + "/tree"], options: options).notices.isEmpty)
        // A pipe with an image's name is said, not passed over in silence.
        #expect(mkfifo(root + "/tree/pipe.png", 0o600) == 0)
        #expect(
            InputDiscovery.discover(arguments: [root + "/tree"], options: options).notices
                == [
                    DiscoveryNotice(
                        path: root + "/tree/pipe.png", reason: "not a regular file (a pipe, socket or device)",
                        isFailure: false)
                ])
        unlink(root + "/tree/pipe.png")
        // A link to a folder is a folder to the filters: --include '*.png' does not hide that
        // images behind it were not looked at.
        try FileManager.default.createSymbolicLink(atPath: root + "/tree/linked", withDestinationPath: "sub")
        options.exclude = []
        options.include = [GlobPattern("*.png")]
        #expect(
            InputDiscovery.discover(arguments: [root + "/tree"], options: options).notices.map(\.path)
                == [root + "/tree/linked"])
    }

    /// A name that is not UTF-8 cannot be opened through a Swift string: it is a failure notice,
    /// never silently left out (a --check would pass with the file unseen).
    @Test func namesThatAreNotUTF8AreFailureNotices() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(createFile(named: Array((root + "/tree/bad").utf8) + [0xFF] + Array(".jpg".utf8)))
        var options = InputDiscovery.Options()
        options.recursive = true
        // A file the walk would not take anyway (not an image) does not matter.
        #expect(createFile(named: Array((root + "/tree/notes").utf8) + [0xFE] + Array(".txt".utf8)))
        let found = InputDiscovery.discover(arguments: [root + "/tree"], options: options)
        #expect(relativePaths(found) == ["a.jpg", "b.png", "sub/d.webp", "sub/vendor/e.png"])
        #expect(found.notices.filter { $0.reason.contains("UTF-8") }.count == 1)
        let notice = try #require(found.notices.first { $0.path.hasSuffix(".jpg") && $0.path.contains("bad") })
        #expect(
            notice.isFailure && notice.reason == "its name is not valid UTF-8, so imgpress cannot open it; rename it")
        #expect(notice.path == root + "/tree/bad\u{FFFD}.jpg")
    }

    @Test func aFolderWithoutRecursionIsAFailureNotice() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = InputDiscovery.discover(arguments: [root + "/tree"], options: .init())
        #expect(found.inputs.isEmpty)
        #expect(found.notices.first?.isFailure == true)
        #expect(found.notices.first?.reason == "is a folder; add -r to process the images in it")
    }

    @Test func listedPathsKeepImagesAndCannotEscapeTheOutputFolder() throws {
        #expect(InputDiscovery.mirrorablePath("assets/a.png") == "assets/a.png")
        #expect(InputDiscovery.mirrorablePath("./b.JPG") == "b.JPG")
        #expect(InputDiscovery.mirrorablePath("../up/c.webp") == "c.webp")
        let here = FileManager.default.currentDirectoryPath
        if here != "/" { #expect(InputDiscovery.mirrorablePath("/nonexistent-root/else/d.png") == "d.png") }
        #expect(InputDiscovery.mirrorablePath(here + "/assets/e.png") == "assets/e.png")
        // Only images are taken; a listed file that does not exist is a notice, not an input.
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = InputDiscovery.discover(
            listed: [root + "/tree/a.jpg", root + "/tree/notes.txt", root + "/tree/gone.png", ""], options: .init())
        #expect(found.inputs.map(\.source) == [.file(root + "/tree/a.jpg")])
        #expect(
            found.notices == [
                DiscoveryNotice(
                    path: root + "/tree/gone.png", reason: "listed but missing (deleted?)", isFailure: false)
            ])
    }
}
