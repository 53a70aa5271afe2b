/// One thing to process, found on the command line, in a folder walk or in a --files-from list.
public struct DiscoveredInput: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Compressed (its format is sniffed from the bytes when it is read).
        case image
        /// Not an image: copied unchanged into the output folder (--copy-others).
        case other
    }

    public var source: Job.Input
    /// Where the result goes below an output folder: the path below the walked folder, or the
    /// file name for files named directly.
    public var relativePath: String
    public var kind: Kind

    public init(source: Job.Input, relativePath: String, kind: Kind = .image) {
        self.source = source
        self.relativePath = relativePath
        self.kind = kind
    }
}

/// Something found while looking for inputs that is reported rather than processed.
public struct DiscoveryNotice: Sendable, Equatable {
    public var path: String
    public var reason: String
    /// Failures make the run exit 1 (a folder without -r, an unreadable folder); the rest are
    /// skips (symbolic links that are not followed).
    public var isFailure: Bool
}
