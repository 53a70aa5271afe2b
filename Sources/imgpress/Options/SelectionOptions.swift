import ArgumentParser
import ImagePress

/// Which files to process.
struct SelectionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Image files or folders, or - for standard input.", valueName: "path"))
    var inputs: [String] = []

    @Flag(name: .shortAndLong, help: "Walk folders and process the images in them.")
    var recursive = false

    @Option(
        name: .customLong("include"),
        help: ArgumentHelp(
            "In folders and lists, take only paths matching this glob (repeatable).",
            valueName: "glob"))
    var includes: [String] = []

    @Option(
        name: .customLong("exclude"),
        help: ArgumentHelp(
            "In folders and lists, leave out paths matching this glob (repeatable).",
            valueName: "glob"))
    var excludes: [String] = []

    @Flag(help: "Include hidden files and folders (names starting with a dot) in folder walks.")
    var hidden = false

    @Flag(help: "Copy files that are not images into the output folder unchanged.")
    var copyOthers = false

    @Option(
        help: ArgumentHelp(
            "Read the paths to process from a file, one per line (- for standard input).",
            valueName: "file"))
    var filesFrom: String?

    @Flag(name: [.customShort("0"), .customLong("null")], help: "With --files-from: paths are separated by NUL.")
    var nullSeparated = false

    var discoveryOptions: InputDiscovery.Options {
        var options = InputDiscovery.Options()
        options.recursive = recursive
        options.includeHidden = hidden
        options.include = includes.map(GlobPattern.init)
        options.exclude = excludes.map(GlobPattern.init)
        options.copyOthers = copyOthers
        return options
    }

    func validate() throws {
        if nullSeparated && filesFrom == nil { throw ValidationError("-0 only applies to --files-from") }
        if filesFrom == "-" && inputs.contains("-") {
            throw ValidationError("standard input cannot carry both the file list and an image")
        }
    }
}
