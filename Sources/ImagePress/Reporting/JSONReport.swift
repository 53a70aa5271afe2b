/// `--report json`: one record per file plus totals. Field names and order are stable (the
/// README documents them); keys are snake_case; absent values are `null`.
public enum JSONReport {
    public static func render(_ report: BatchReport) -> String {
        let totals = report.totals
        var lines = ["{"]
        lines.append("  \"imgpress\": \(string(ImagePressVersion.current)),")
        lines.append("  \"dry_run\": \(report.dryRun),")
        lines.append("  \"check\": \(report.checkMinimum != nil),")
        lines.append("  \"interrupted\": \(report.interrupted),")
        lines.append("  \"files\": [")
        for (index, result) in report.results.enumerated() {
            let comma = index == report.results.count - 1 ? "" : ","
            lines.append("    " + record(result, report: report) + comma)
        }
        lines.append("  ],")
        let fields: [(String, String)] = [
            ("files", "\(totals.files)"), ("planned", "\(report.planned)"),
            ("written", "\(totals.written)"), ("kept", "\(totals.kept)"), ("copied", "\(totals.copied)"),
            ("cached", "\(totals.cached)"),
            ("optimizable", report.checkMinimum == nil ? "null" : "\(report.optimizable.count)"),
            ("skipped", "\(totals.skipped)"), ("failed", "\(totals.failed)"),
            ("bytes_in", "\(totals.bytesIn)"), ("bytes_out", "\(totals.bytesOut)"),
            ("saved_bytes", "\(totals.savedBytes)"), ("saved_percent", ByteFormatting.oneDecimal(totals.savedPercent)),
            ("milliseconds", "\(report.milliseconds)"),
        ]
        lines.append("  \"totals\": {" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func record(_ result: JobResult, report: BatchReport) -> String {
        let optimizable = report.checkMinimum.map { minimum in
            "\(result.couldBeOptimized(minimum: result.job.settings?.minimumSaving ?? minimum))"
        }
        let fields: [(String, String)] = [
            ("input", string(result.job.inputName)),
            ("output", result.outputName.map(string) ?? "null"),
            ("action", string(result.action.rawValue)),
            ("input_format", result.inputFormat.map { string($0.rawValue) } ?? "null"),
            ("output_format", result.outputFormat.map { string($0.rawValue) } ?? "null"),
            ("method", result.method.map { string($0.description) } ?? "null"),
            ("bytes_in", "\(result.bytesIn)"),
            ("bytes_out", "\(result.bytesOut)"),
            ("width", result.width.map(String.init) ?? "null"),
            ("height", result.height.map(String.init) ?? "null"),
            ("reason", result.reason.map(string) ?? "null"),
            ("optimizable", optimizable ?? "null"),
            ("metadata_removed", "[" + result.metadataRemoved.map(string).joined(separator: ", ") + "]"),
            ("milliseconds", "\(result.milliseconds)"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A JSON string literal.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
