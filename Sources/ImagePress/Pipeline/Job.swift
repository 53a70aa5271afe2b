/// One input and where its result goes, decided before any work starts.
public struct Job: Sendable, Equatable {
    public enum Input: Sendable, Equatable {
        case file(String)
        case standardInput
    }

    public enum Output: Sendable, Equatable {
        case file(String)
        case standardOutput
        /// Replace the input file itself, and only with something smaller.
        case inPlace
    }

    public var input: Input
    public var output: Output

    public init(input: Input, output: Output) {
        self.input = input
        self.output = output
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
        case .file(let path): path
        case .standardOutput: "-"
        case .inPlace: inputName
        }
    }
}
