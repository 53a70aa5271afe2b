import ArgumentParser

/// Where results go and how files are written.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Where to write: a file, a folder (created if missing when it ends in / or the "
                + "input is a folder), or - for standard output.", valueName: "path"))
    var output: String?

    @Flag(
        help: "Replace each input file, and only when the result is smaller (or, with metadata to remove, no larger).")
    var inPlace = false

    @Flag(help: "Overwrite output files that already exist.")
    var force = false

    @Flag(help: "Do all the work and report the sizes, but write nothing.")
    var dryRun = false

    @Flag(help: "Give each output the access and modification times of its input.")
    var preserveTimes = false
}
