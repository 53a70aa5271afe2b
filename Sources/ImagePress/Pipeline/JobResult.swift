/// One record per file: what happened to it and why.
public struct JobResult: Sendable {
    public enum Action: String, Sendable {
        /// A new, smaller (or converted) file was written.
        case written
        /// Nothing smaller was found: the original was left alone or copied through.
        case kept
        /// Not an image, copied unchanged (--copy-others).
        case copied
        /// Unchanged since the run recorded in --cache: not read past its hash.
        case cached
        /// Passed over without reading (a symbolic link in a folder walk).
        case skipped
        case failed
    }

    public var job: Job
    public var action: Action
    public var inputFormat: ImageFormat?
    public var outputFormat: ImageFormat?
    public var method: CompressionResult.Method?
    public var bytesIn: Int
    public var bytesOut: Int
    public var width: Int?
    public var height: Int?
    /// Why a file was kept, or why it failed.
    public var reason: String?
    /// Metadata the output no longer carries (see `CompressionResult.metadataRemoved`).
    public var metadataRemoved: [String] = []
    public var milliseconds: Int

    /// Bytes saved (negative when a conversion grew the file).
    public var saved: Int { bytesIn - bytesOut }

    /// For --check: this file would be written, in another format or smaller by at least
    /// `minimum`.
    public func couldBeOptimized(minimum: MinimumSaving) -> Bool {
        guard action == .written else { return false }
        return inputFormat != outputFormat || minimum.isMet(input: bytesIn, output: bytesOut)
    }

    /// Where the output went (or would go): nil for inputs that were never planned.
    public var outputName: String? { fromDiscovery ? nil : job.outputName }

    /// True for results made from discovery notices (skipped links, folders without -r).
    public var fromDiscovery = false

    public init(job: Job, action: Action, bytesIn: Int, bytesOut: Int, reason: String? = nil, milliseconds: Int) {
        self.job = job
        self.action = action
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
        self.reason = reason
        self.milliseconds = milliseconds
    }

    /// A notice from input discovery, recorded like any other result.
    public init(notice: DiscoveryNotice) {
        self.init(
            job: Job(input: .file(notice.path), output: .inPlace), action: notice.isFailure ? .failed : .skipped,
            bytesIn: 0, bytesOut: 0, reason: notice.reason, milliseconds: 0)
        fromDiscovery = true
    }
}
