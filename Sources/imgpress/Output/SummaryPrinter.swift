import ImagePress

/// Renders results for a person on standard error: a line per file (with -v, or for a single
/// file), every failure as it happens, and a summary at the end of a batch. In --check mode the
/// files that could be optimized are always listed.
struct SummaryPrinter {
    var quiet: Bool
    var perFileLines: Bool

    func report(_ result: JobResult) {
        if result.action == .failed {
            Console.shared.error(Console.printable("\(result.job.inputName): \(result.reason ?? "failed")"))
            return
        }
        guard perFileLines && !quiet else { return }
        let input = Console.printable(result.job.inputName)
        let output = Console.printable(result.job.outputName)
        let reason = result.reason.map(Console.printable)
        let sizes = "\(ByteFormatting.bytes(result.bytesIn)) → \(ByteFormatting.bytes(result.bytesOut))"
        switch result.action {
        case .written:
            let arrow = result.job.output == .inPlace ? "" : " → \(output)"
            let method = result.method.map { ", \($0)" } ?? ""
            let change = ByteFormatting.change(from: result.bytesIn, to: result.bytesOut)
            let removed =
                result.metadataRemoved.isEmpty ? "" : "; removed \(result.metadataRemoved.joined(separator: ", "))"
            // Metadata stripped from an image whose lossy re-encode was refused still says why.
            let why = reason.map { "; \($0)" } ?? ""
            Console.shared.line("\(input)\(arrow): \(sizes) (\(change))\(method)\(removed)\(why)")
        case .kept where result.reason == JobRunner.upToDateReason:
            Console.shared.line(
                "\(input) → \(output): up to date (\(ByteFormatting.bytes(result.bytesOut))): \(reason ?? "")")
        case .kept:
            let copied = result.job.outputPath.map { ", copied to \(Console.printable($0))" } ?? ""
            Console.shared.line(
                "\(input): kept the original (\(ByteFormatting.bytes(result.bytesIn)))\(copied): "
                    + (reason ?? "no smaller encoding found"))
        case .cached:
            Console.shared.line("\(input): cached (\(reason ?? "unchanged"))")
        case .copied:
            Console.shared.line("\(input) → \(output): copied (not an image)")
        case .skipped:
            Console.shared.line("\(input): skipped: \(reason ?? "")")
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
        if report.checkMinimum != nil { summarizeCheck(report) }
        guard !quiet, report.results.count > 1 || report.interrupted else { return }
        // A dry run or --check writes nothing: say what a real run would do.
        var counts = "\(totals.written) \(report.dryRun ? "would be written" : "written"), \(totals.kept) kept"
        if report.checkMinimum != nil {
            // As in the Markdown report: the files over --min-saving (listed above) and the rest
            // a run would also write, so the line does not seem to contradict the heading.
            let optimizable = report.optimizable.count
            counts =
                "\(optimizable) can be optimized, \(max(totals.written - optimizable, 0)) smaller by less than "
                + "--min-saving, \(totals.kept) kept"
        }
        if totals.copied > 0 { counts += ", \(totals.copied) copied" }
        if totals.cached > 0 { counts += ", \(totals.cached) cached" }
        counts += ", \(totals.skipped) skipped, \(totals.failed) failed"
        // Conversions can make a batch larger: then it is bytes added, not a negative saving.
        let grew = totals.savedPercent < 0
        let verb = report.dryRun ? (grew ? "would add" : "would save") : (grew ? "added" : "saved")
        let note =
            report.checkMinimum != nil
            ? " (check: nothing written)" : report.dryRun ? " (dry run: nothing written)" : ""
        Console.shared.line(
            "\(totals.files) files: \(counts); \(ByteFormatting.bytes(totals.bytesIn)) → "
                + "\(ByteFormatting.bytes(totals.bytesOut)) (\(verb) \(ByteFormatting.percent(abs(totals.savedPercent)))) "
                + "in \(ByteFormatting.seconds(report.milliseconds))\(note)")
        let failures = report.failures
        if !failures.isEmpty && report.results.count > 1 {
            Console.shared.line("Failed:")
            for failure in failures {
                Console.shared.line(Console.printable("  \(failure.job.inputName): \(failure.reason ?? "failed")"))
            }
        }
    }

    /// Always printed, even with --quiet: listing the files is what --check is for.
    private func summarizeCheck(_ report: BatchReport) {
        let optimizable = report.optimizable
        for result in optimizable {
            // A conversion (-f) counts whatever its size; one that grows is not "smaller".
            let label = result.bytesOut < result.bytesIn ? "could be smaller" : "would be converted"
            Console.shared.line(
                "\(label): \(Console.printable(result.job.inputName)): \(ByteFormatting.bytes(result.bytesIn)) → "
                    + "\(ByteFormatting.bytes(result.bytesOut)) (\(ByteFormatting.change(from: result.bytesIn, to: result.bytesOut)))"
            )
        }
        if optimizable.isEmpty {
            Console.shared.line("imgpress --check: \(report.nothingToOptimize)")
        } else {
            let saving = optimizable.reduce(0) { $0 + $1.saved }
            let effect =
                saving >= 0 ? "saving \(ByteFormatting.bytes(saving))" : "adding \(ByteFormatting.bytes(-saving))"
            Console.shared.line(
                "imgpress --check: \(optimizable.count) of \(report.totals.files) images could be optimized, \(effect); "
                    + "run imgpress without --check to optimize them")
        }
    }
}
