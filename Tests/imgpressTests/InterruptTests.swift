import Foundation
import ImagePress
import Testing

/// Ctrl-C in the middle of a batch: the files in flight finish, exit 130, a partial summary and
/// report, no temporary files, and every file under its final name complete.
struct InterruptTests {
    /// SIGHUP (a closed terminal, a dropped ssh session) as well: it left a temporary file.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func interruptedBatchLeavesOnlyCompleteFiles(signal: Int32) throws {
        let root = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/tree", withIntermediateDirectories: true)
        for index in 0..<60 {
            try FileManager.default.copyItem(
                atPath: Imgpress.fixture("jpeg/rocket.jpg"), toPath: root + "/tree/r\(index).jpg")
            try FileManager.default.copyItem(
                atPath: Imgpress.fixture("png/horse.png"), toPath: root + "/tree/h\(index).png")
        }
        // Every copy of an input compresses to the same bytes: the expected content of each output.
        #expect(try Imgpress.run([root + "/tree/r0.jpg", "-o", root + "/r.jpg"]).status == 0)
        #expect(try Imgpress.run([root + "/tree/h0.png", "-o", root + "/h.png"]).status == 0)
        let expected = ["r": try FileIO.read(root + "/r.jpg"), "h": try FileIO.read(root + "/h.png")]

        let process = try Subprocess(
            Imgpress.binary, ["-r", "tree", "-o", "out", "-j", "2", "--report", "json", "--report-file", "r.json"],
            stdout: .discard, in: root)
        let deadline = Date().addingTimeInterval(20)
        while BatchTests.files(under: root + "/out").filter({ !$0.contains(".imgpress-") }).count < 4
            && Date() < deadline && process.isRunning
        {
            usleep(10_000)
        }
        kill(process.pid, signal)
        let result = process.finish()
        let stderr = String(decoding: result.stderr, as: UTF8.self)

        #expect(result.status == 130)
        #expect(stderr.contains("imgpress: interrupted after"), "\(stderr)")
        // The files in flight finish: nothing fails, and the report is written.
        #expect(!stderr.contains("error"), "\(stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/r.json")))
        let totals = (report as? [String: Any])?["totals"] as? [String: Any]
        #expect((report as? [String: Any])?["interrupted"] as? Bool == true)
        #expect(totals?["failed"] as? Int == 0)
        let written = BatchTests.files(under: root + "/out")
        #expect(!written.contains { $0.contains(".imgpress-") }, "temporary files left: \(written)")
        #expect(written.count >= 4 && written.count < 120)
        for name in written {
            #expect(try FileIO.read(root + "/out/" + name) == expected[String(name.prefix(1))], "\(name) is incomplete")
        }
    }

    /// Past a file-size limit (ulimit -f) each write fails as an error for its file and the batch
    /// goes on: the signal killed the run (exit 153) with a partial temporary file left behind.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/prlimit")))
    func aFileSizeLimitFailsTheFilesNotTheRun() throws {
        let root = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Imgpress.fixture("jpeg/rocket.jpg"), toPath: root + "/in/big.jpg")
        try FileManager.default.copyItem(atPath: Imgpress.fixture("png/palette.png"), toPath: root + "/in/small.png")
        // 18000 bytes: the rocket's output (24 KiB) does not fit, the palette's (13 KB) does.
        let result = try Subprocess.run(
            "/usr/bin/prlimit", ["--fsize=18000:18000", "--", Imgpress.binary, "-r", "in", "-o", "out", "-j", "1"],
            in: root)
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        #expect(result.status == 1, "\(stderr)")
        #expect(stderr.contains("big.jpg") && stderr.contains("File too large"), "\(stderr)")
        let written = BatchTests.files(under: root + "/out")
        #expect(written == ["small.png"], "\(written)")
    }
}
