import Testing

@testable import ImagePress

struct ReportTests {
    private func sampleReport() -> BatchReport {
        var written = JobResult(
            job: Job(input: .file("a \"quoted\".jpg"), output: .file("out/a.jpg")),
            action: .written, bytesIn: 1000, bytesOut: 600, milliseconds: 12)
        written.inputFormat = .jpeg
        written.outputFormat = .jpeg
        written.method = .jpegLossy(quality: 80)
        written.width = 64
        written.height = 32
        let failed = JobResult(
            job: Job(input: .file("b|c.png"), output: .file("out/b|c.png")), action: .failed,
            bytesIn: 10, bytesOut: 0, reason: "empty file", milliseconds: 1)
        let skipped = JobResult(
            notice: DiscoveryNotice(
                path: "link.png", reason: "symbolic link, not followed",
                isFailure: false))
        return BatchReport(
            results: [written, failed, skipped], milliseconds: 20, dryRun: false, interrupted: false,
            planned: 3)
    }

    @Test func totalsCountOnlyProcessedBytes() {
        let totals = sampleReport().totals
        #expect(
            totals
                == BatchReport.Totals(
                    files: 3, written: 1, kept: 0, copied: 0, skipped: 1, failed: 1,
                    bytesIn: 1000, bytesOut: 600))
        #expect(totals.savedPercent == 40)
    }

    @Test func jsonHasStableFieldsAndEscapes() {
        let json = JSONReport.render(sampleReport())
        #expect(
            json.contains(
                #"{"input": "a \"quoted\".jpg", "output": "out/a.jpg", "action": "written", "input_format": "jpeg", "output_format": "jpeg", "method": "JPEG q80", "bytes_in": 1000, "bytes_out": 600, "width": 64, "height": 32, "reason": null, "optimizable": null, "metadata_removed": [], "milliseconds": 12}"#
            ))
        #expect(json.contains(#""output": null, "action": "skipped""#))
        #expect(
            json.contains(
                #""totals": {"files": 3, "planned": 3, "written": 1, "kept": 0, "copied": 0, "cached": 0, "optimizable": null, "skipped": 1, "failed": 1, "bytes_in": 1000, "bytes_out": 600, "saved_bytes": 400, "saved_percent": 40.0, "milliseconds": 20}"#
            ))
        #expect(JSONReport.string("tab\there\u{1}") == #""tab\there\u0001""#)
    }

    @Test func markdownIsATableWithTotals() {
        let lines = MarkdownReport.render(sampleReport()).split(separator: "\n").map(String.init)
        #expect(lines[1] == "| File | Before | After | Saving | Result |")
        #expect(lines[3] == "| `a \"quoted\".jpg` | 1000 B | 600 B | −40.0 % | written (JPEG q80) |")
        #expect(lines[4] == "| `b\\|c.png` |  |  |  | failed: empty file |")
        #expect(
            lines.last
                == "| **Total: 3 files** | **1000 B** | **600 B** | **−40.0 %** | 1 written, 1 skipped, 1 failed |")
    }

    /// Names are shown as they are: backticks fenced by a longer run, a newline escaped (it would
    /// end the row); an output that grew says so with "+".
    @Test func markdownShowsOddNamesAsTheyAreAndGrowthWithAPlus() {
        let grown = JobResult(
            job: Job(input: .file("a`b\nc.png"), output: .file("out/x.jpg")), action: .written, bytesIn: 100,
            bytesOut: 174, milliseconds: 1)
        let report = BatchReport(results: [grown], milliseconds: 1, dryRun: false, interrupted: false, planned: 1)
        let lines = MarkdownReport.render(report).split(separator: "\n").map(String.init)
        #expect(lines[3].hasPrefix("| ``a`b\\nc.png`` | 100 B | 174 B |"), "\(lines[3])")
        #expect(lines.last?.contains("| **+74.0 %** |") == true, "\(lines.last ?? "")")
        #expect(lines.count == 5)
        // A reason that quotes such a name cannot end the row either.
        let failed = JobResult(
            job: Job(input: .file("n.png"), output: .file("out/n.png")), action: .failed, bytesIn: 1, bytesOut: 0,
            reason: "out/a\nb.png already exists", milliseconds: 1)
        let failedLines = MarkdownReport.render(
            BatchReport(results: [failed], milliseconds: 1, dryRun: false, interrupted: false, planned: 1)
        ).split(separator: "\n")
        #expect(failedLines.count == 5 && failedLines[3].hasSuffix("failed: out/a\\nb.png already exists |"))
    }
}
