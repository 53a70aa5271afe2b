/// One record per file: what happened to it and why.
public struct JobResult: Sendable {
    public enum Action: String, Sendable {
        /// A new, smaller (or converted) file was written.
        case written
        /// Nothing smaller was found: the original was left alone or copied through.
        case kept
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
    public var milliseconds: Int

    /// Bytes saved (negative when a conversion grew the file).
    public var saved: Int { bytesIn - bytesOut }
}
