import Foundation
import ImagePress

/// Runs the built `imgpress` binary the way a user or a script would, and captures everything.
struct CommandResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String

    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

enum Imgpress {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // imgpressTests → Tests → root
        return url.path
    }()

    static let fixtures = packageRoot + "/Fixtures"

    /// The binary next to the test bundle (SwiftPM builds it because the tests depend on it).
    static let binary: String = {
        if let override = ProcessInfo.processInfo.environment["IMGPRESS_BINARY"] { return override }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On macOS the tests run inside an .xctest bundle: Contents/MacOS/<binary>.
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("imgpress").path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return packageRoot + "/.build/debug/imgpress"
    }()

    static func run(_ arguments: [String], stdin: [UInt8]? = nil, in folder: String? = nil) throws -> CommandResult {
        let output = try Subprocess.run(binary, arguments, stdin: stdin, in: folder)
        return CommandResult(
            status: output.timedOut ? -1 : output.status, stdout: output.stdout,
            stderr: String(decoding: output.stderr, as: UTF8.self))
    }

    static func fixture(_ relative: String) -> String { fixtures + "/" + relative }

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "imgpress-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func contents(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
}
