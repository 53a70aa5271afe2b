/// One input and where its result goes, decided before any work starts.
public struct Job: Sendable, Equatable {
    public enum Input: Sendable, Equatable {
        case file(String)
        case standardInput
    }

    public enum Output: Sendable, Equatable {
        /// A file; `createFolders` when it lies below an output folder whose structure mirrors
        /// the input tree (the folders are made as needed).
        case file(String, createFolders: Bool = false)
        case standardOutput
        /// Replace the input file itself, and only with something smaller.
        case inPlace
    }

    public enum Kind: Sendable, Equatable {
        case compress
        /// Copied byte for byte (--copy-others).
        case copy
    }

    public var input: Input
    public var output: Output
    public var kind: Kind
    /// This file's own settings (a config file's per-glob overrides); nil uses the run's.
    public var settings: CompressionSettings?

    public init(input: Input, output: Output, kind: Kind = .compress, settings: CompressionSettings? = nil) {
        self.input = input
        self.output = output
        self.kind = kind
        self.settings = settings
    }

    /// The input file's path, unless the input is standard input.
    public var inputPath: String? {
        if case .file(let path) = input { return path }
        return nil
    }

    /// The name messages use for the input ("-" for standard input).
    public var inputName: String {
        switch input {
        case .file(let path): path
        case .standardInput: "-"
        }
    }

    /// The name messages use for the output.
    public var outputName: String {
        switch output {
        case .file(let path, _): path
        case .standardOutput: "-"
        case .inPlace: inputName
        }
    }

    /// The output file path, when the output is a file other than the input.
    public var outputPath: String? {
        if case .file(let path, _) = output { return path }
        return nil
    }
}
