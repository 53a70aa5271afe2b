/// Everything a run produced, with the totals reports and summaries print.
public struct BatchReport: Sendable {
    public struct Totals: Sendable, Equatable {
        public var files = 0
        public var written = 0
        public var kept = 0
        public var copied = 0
        public var cached = 0
        public var skipped = 0
        public var failed = 0
        /// Over the files that were written, kept, copied or cached.
        public var bytesIn = 0
        public var bytesOut = 0

        public var savedBytes: Int { bytesIn - bytesOut }
        public var savedPercent: Double { bytesIn > 0 ? Double(savedBytes) / Double(bytesIn) * 100 : 0 }
    }

    public var results: [JobResult]
    public var milliseconds: Int
    public var dryRun: Bool
    /// --check: the threshold that makes a file "could be optimized"; nil outside check mode.
    public var checkMinimum: MinimumSaving?
    public var interrupted: Bool
    /// Jobs planned, including those an interruption prevented.
    public var planned: Int

    public init(
        results: [JobResult], milliseconds: Int, dryRun: Bool, interrupted: Bool, planned: Int,
        checkMinimum: MinimumSaving? = nil
    ) {
        self.results = results
        self.milliseconds = milliseconds
        self.dryRun = dryRun
        self.checkMinimum = checkMinimum
        self.interrupted = interrupted
        self.planned = planned
    }

    public var totals: Totals {
        var totals = Totals()
        for result in results {
            totals.files += 1
            switch result.action {
            case .written: totals.written += 1
            case .kept: totals.kept += 1
            case .copied: totals.copied += 1
            case .cached: totals.cached += 1
            case .skipped: totals.skipped += 1
            case .failed: totals.failed += 1
            }
            if [.written, .kept, .copied, .cached].contains(result.action) {
                totals.bytesIn += result.bytesIn
                totals.bytesOut += result.bytesOut
            }
        }
        return totals
    }

    public var failures: [JobResult] { results.filter { $0.action == .failed } }

    /// In --check, when nothing could be optimized: said so that failed files are never counted
    /// as optimized (a PR comment must not say all is well).
    public var nothingToOptimize: String {
        totals.failed == 0
            ? "all \(totals.files) images are optimized"
            : totals.failed == totals.files
                ? "\(totals.failed) of \(totals.files) images could not be checked"
                : "\(totals.failed) of \(totals.files) images could not be checked; the others are optimized"
    }

    /// In --check: the files that could be optimized, each judged by its own --min-saving.
    public var optimizable: [JobResult] {
        guard let checkMinimum else { return [] }
        return results.filter { $0.couldBeOptimized(minimum: $0.job.settings?.minimumSaving ?? checkMinimum) }
    }
}
