/// `--report markdown`: a table fit for a pull-request comment. In --check mode it lists only
/// the files that need attention (could be optimized, or failed), with totals over all files
/// checked.
public enum MarkdownReport {
    public static func render(_ report: BatchReport) -> String {
        let totals = report.totals
        var lines: [String] = []
        let rows: [JobResult]
        if report.checkMinimum != nil {
            let optimizable = report.optimizable
            let saving = optimizable.reduce(0) { $0 + $1.saved }
            lines.append(
                optimizable.isEmpty
                    ? "### imgpress --check: \(report.nothingToOptimize)"
                    : "### imgpress --check: \(optimizable.count) of \(totals.files) images can be optimized "
                        + (saving >= 0
                            ? "(\(ByteFormatting.bytes(saving)) to save)"
                            : "(conversions adding \(ByteFormatting.bytes(-saving)))"))
            rows = report.results.filter { result in
                result.action == .failed || optimizable.contains { $0.job == result.job }
            }
        } else {
            lines.append(report.dryRun ? "### imgpress (dry run: nothing was written)" : "### imgpress")
            rows = report.results
        }
        lines.append("")
        lines.append("| File | Before | After | Saving | Result |")
        lines.append("| --- | ---: | ---: | ---: | --- |")
        for result in rows {
            let done = result.action != .failed && result.action != .skipped
            let before = done ? ByteFormatting.bytes(result.bytesIn) : ""
            let after = done ? ByteFormatting.bytes(result.bytesOut) : ""
            let saving = done ? ByteFormatting.change(from: result.bytesIn, to: result.bytesOut) : ""
            // A conversion counts whatever its size; one that grows is not "optimized".
            let checked = result.bytesOut < result.bytesIn ? "can be optimized" : "would be converted"
            let outcome =
                report.checkMinimum != nil && result.action == .written
                ? checked : outcome(result, dryRun: report.dryRun)
            lines.append("| \(code(result.job.inputName)) | \(before) | \(after) | \(saving) | \(outcome) |")
        }
        // A dry run or check wrote nothing: its counts say what a real run would do. A check
        // splits what a run would write into the files over --min-saving (the rows above) and
        // the rest, so the total does not seem to contradict the heading.
        let optimizable = report.checkMinimum != nil ? report.optimizable.count : 0
        let belowMinimum = report.checkMinimum != nil ? max(totals.written - optimizable, 0) : 0
        let counts = [
            ("can be optimized", optimizable), ("smaller by less than --min-saving", belowMinimum),
            (report.dryRun ? "would be written" : "written", report.checkMinimum != nil ? 0 : totals.written),
            ("kept", totals.kept),
            ("copied", totals.copied),
            ("cached", totals.cached), ("skipped", totals.skipped), ("failed", totals.failed),
        ]
        .filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        lines.append(
            "| **Total: \(totals.files) files** | **\(ByteFormatting.bytes(totals.bytesIn))** | "
                + "**\(ByteFormatting.bytes(totals.bytesOut))** | **\(totals.savedPercent < 0 ? "+" : "−")"
                + "\(ByteFormatting.percent(abs(totals.savedPercent)))** | "
                + "\(counts) |")
        if report.interrupted { lines.append("\nInterrupted after \(totals.files) of \(report.planned) files.") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func outcome(_ result: JobResult, dryRun: Bool) -> String {
        switch result.action {
        case .written: (dryRun ? "would be written" : "written") + (result.method.map { " (\($0))" } ?? "")
        case .kept: "kept: " + escape(result.reason ?? "no smaller encoding found")
        case .copied: "copied"
        case .cached: "cached"
        case .skipped, .failed: "\(result.action.rawValue): " + escape(result.reason ?? "")
        }
    }

    /// A path in a code span, as it is: fenced by more backticks than any run inside it (with
    /// spaces when it starts or ends with one), control characters written as escapes, and "|"
    /// escaped even there, or GitHub would split the cell.
    private static func code(_ path: String) -> String {
        let visible = path.escapingControlCharacters
        var longest = 0
        var run = 0
        for character in visible {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = visible.hasPrefix("`") || visible.hasSuffix("`") ? " \(visible) " : visible
        return fence + escape(padded) + fence
    }

    private static func escape(_ text: String) -> String {
        text.escapingControlCharacters.replacingAll("|", with: "\\|")
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
