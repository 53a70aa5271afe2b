import ArgumentParser

/// What imgpress tells the user while and after it works.
struct ReportingOptions: ParsableArguments {
    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case json
        case markdown
    }

    enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
        case auto
        case never
        case always
    }

    @Option(
        help: ArgumentHelp(
            "Write a report: json or markdown (to standard output, or --report-file).",
            valueName: "format"))
    var report: ReportFormat?

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "path"))
    var reportFile: String?

    @Flag(name: .shortAndLong, help: "Print one line per file as it finishes.")
    var verbose = false

    @Flag(help: "Print errors only.")
    var quiet = false

    @Option(help: "Progress bar on standard error: auto (when it is a terminal), never or always.")
    var progress: ProgressMode = .auto

    @Option(
        name: [.customShort("j", allowingJoined: true), .long],
        help: "Files processed at once. Default: the number of processors.")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if reportFile != nil && report == nil { throw ValidationError("--report-file needs --report json|markdown") }
        if verbose && quiet { throw ValidationError("--verbose and --quiet cannot be used together") }
    }
}
