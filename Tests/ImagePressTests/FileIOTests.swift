import CShims
import Foundation
import Testing

@testable import ImagePress

struct FileIOTests {
    /// -o creates its file with a rename that will not replace (hard links, the fallback, are
    /// refused by FAT drives): it creates a file that is not there, and refuses one that is.
    @Test func theNoReplaceRenameRefusesAnExistingFile() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data([1]).write(to: URL(fileURLWithPath: folder + "/a"))
        try Data([2]).write(to: URL(fileURLWithPath: folder + "/b"))
        #expect(ipx_rename_noreplace(folder + "/a", folder + "/b") == -1 && errno == EEXIST)
        #expect(try FileIO.read(folder + "/b") == [2])
        #expect(ipx_rename_noreplace(folder + "/a", folder + "/c") == 0)
        #expect(try FileIO.read(folder + "/c") == [1] && !FileIO.exists(folder + "/a"))
    }

    @Test func writesAtomicallyAndLeavesNoTemporaryFiles() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.bin"
        try FileIO.writeAtomically([1, 2, 3], to: path, replace: false)
        #expect(try FileIO.read(path) == [1, 2, 3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.bin"])
    }

    @Test func refusesToOverwriteWithoutReplace() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.bin"
        try FileIO.writeAtomically([1], to: path, replace: false)
        #expect(throws: ImagePressError.outputExists(path: path)) {
            try FileIO.writeAtomically([2], to: path, replace: false)
        }
        #expect(try FileIO.read(path) == [1])
        try FileIO.writeAtomically([2], to: path, replace: true)
        #expect(try FileIO.read(path) == [2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.bin"])
    }

    @Test func keepsRequestedPermissions() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.bin"
        try FileIO.writeAtomically([1], to: path, replace: true, permissions: 0o640)
        #expect(FileIO.permissions(of: path) == 0o640)
    }

    @Test func missingFolderAndDirectoriesAreNamedErrors() throws {
        #expect(throws: ImagePressError.outputFolderMissing(path: "/nonexistent-imgpress")) {
            try FileIO.writeAtomically([1], to: "/nonexistent-imgpress/x.jpg", replace: false)
        }
        #expect(throws: ImagePressError.isDirectory(path: TestImages.fixtures)) {
            try FileIO.read(TestImages.fixtures)
        }
        let missing = #expect(throws: ImagePressError.self) { try FileIO.read("/nonexistent-imgpress.jpg") }
        #expect(missing?.description == "cannot read /nonexistent-imgpress.jpg: No such file or directory")
    }

    @Test func interruptedRunsDeleteTheirTemporaryFiles() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let registry = TemporaryFiles()
        let temporary = try registry.create(in: folder)
        close(temporary.descriptor)
        #expect(FileManager.default.fileExists(atPath: temporary.path))
        registry.removeAllAndClose()
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
        #expect(throws: ImagePressError.self) { try registry.create(in: folder) }
    }
}
