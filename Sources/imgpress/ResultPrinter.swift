import ImagePress

/// Renders results for a person: one line per file on stderr and a summary for batches.
struct ResultPrinter {
    var quiet: Bool

    func report(_ result: JobResult) {
        switch result.action {
        case .failed:
            StandardError.error("\(result.job.inputName): \(result.reason ?? "failed")")
        case .written where !quiet:
            let arrow = result.job.output == .inPlace ? "" : " → \(result.job.outputName)"
            let method = result.method.map { ", \($0)" } ?? ""
            StandardError.write(
                "\(result.job.inputName)\(arrow): \(Self.bytes(result.bytesIn)) → "
                    + "\(Self.bytes(result.bytesOut)) (\(Self.change(result)))\(method)")
        case .kept where !quiet:
            let copied = if case .file(let path) = result.job.output { ", copied to \(path)" } else { "" }
            StandardError.write(
                "\(result.job.inputName): kept the original (\(Self.bytes(result.bytesIn)))"
                    + "\(copied): \(result.reason ?? "no smaller encoding found")")
        default:
            break
        }
    }

    func summarize(_ results: [JobResult], milliseconds: Int) {
        guard !quiet, results.count > 1 else { return }
        let written = results.filter { $0.action == .written }.count
        let kept = results.filter { $0.action == .kept }.count
        let failed = results.filter { $0.action == .failed }.count
        let done = results.filter { $0.action != .failed }
        let before = done.reduce(0) { $0 + $1.bytesIn }
        let after = done.reduce(0) { $0 + $1.bytesOut }
        let saved = before > 0 ? Double(before - after) / Double(before) * 100 : 0
        StandardError.write(
            "\(results.count) files: \(written) written, \(kept) kept, \(failed) failed; "
                + "\(Self.bytes(before)) → \(Self.bytes(after)) (saved \(Self.percent(saved))) "
                + "in \(Self.seconds(milliseconds))")
    }

    static func change(_ result: JobResult) -> String {
        guard result.bytesIn > 0 else { return "n/a" }
        let delta = Double(result.bytesOut - result.bytesIn) / Double(result.bytesIn) * 100
        return (delta <= 0 ? "−" : "+") + percent(abs(delta))
    }

    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }

    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        let units = ["KiB", "MiB", "GiB"]
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    static func seconds(_ milliseconds: Int) -> String {
        "\(milliseconds / 1000).\(String(milliseconds % 1000 / 10).leftPaddedTwo) s"
    }
}

private extension String {
    var leftPaddedTwo: String { count >= 2 ? self : "0" + self }
}
