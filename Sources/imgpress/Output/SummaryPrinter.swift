import ImagePress

/// Renders results for a person on standard error: a line per file (with -v, or for a single
/// file), every failure as it happens, and a summary at the end of a batch.
struct SummaryPrinter {
    var quiet: Bool
    var perFileLines: Bool

    func report(_ result: JobResult) {
        if result.action == .failed {
            Console.shared.error("\(result.job.inputName): \(result.reason ?? "failed")")
            return
        }
        guard perFileLines && !quiet else { return }
        let input = result.job.inputName
        switch result.action {
        case .written:
            let arrow = result.job.output == .inPlace ? "" : " → \(result.job.outputName)"
            let method = result.method.map { ", \($0)" } ?? ""
            Console.shared.line(
                "\(input)\(arrow): \(ByteFormatting.bytes(result.bytesIn)) → \(ByteFormatting.bytes(result.bytesOut)) "
                    + "(\(ByteFormatting.change(from: result.bytesIn, to: result.bytesOut)))\(method)")
        case .kept:
            let copied = result.job.outputPath.map { ", copied to \($0)" } ?? ""
            Console.shared.line(
                "\(input): kept the original (\(ByteFormatting.bytes(result.bytesIn)))\(copied): "
                    + (result.reason ?? "no smaller encoding found"))
        case .copied:
            Console.shared.line("\(input) → \(result.job.outputName): copied (not an image)")
        case .skipped:
            Console.shared.line("\(input): skipped: \(result.reason ?? "")")
        case .failed:
            break
        }
    }

    func summarize(_ report: BatchReport) {
        let totals = report.totals
        if report.interrupted {
            Console.shared.line(
                "imgpress: interrupted after \(totals.files) of \(report.planned) files; "
                    + "no partial files were left behind")
        }
        guard !quiet, report.results.count > 1 || report.interrupted else { return }
        var counts = "\(totals.written) written, \(totals.kept) kept"
        if totals.copied > 0 { counts += ", \(totals.copied) copied" }
        counts += ", \(totals.skipped) skipped, \(totals.failed) failed"
        let verb = report.dryRun ? "would save" : "saved"
        Console.shared.line(
            "\(totals.files) files: \(counts); \(ByteFormatting.bytes(totals.bytesIn)) → "
                + "\(ByteFormatting.bytes(totals.bytesOut)) (\(verb) \(ByteFormatting.percent(totals.savedPercent))) "
                + "in \(ByteFormatting.seconds(report.milliseconds))"
                + (report.dryRun ? " (dry run: nothing written)" : ""))
        let failures = report.failures
        if !failures.isEmpty && report.results.count > 1 {
            Console.shared.line("Failed:")
            for failure in failures { Console.shared.line("  \(failure.job.inputName): \(failure.reason ?? "failed")") }
        }
    }
}
