/// Maps inputs to outputs up front, so that mistakes (two inputs writing one file, image data
/// to several destinations through one pipe) are refused before anything is written.
public enum OutputPlanner {
    public enum PlanError: Error, Equatable, CustomStringConvertible {
        case noInputs
        case noDestination
        case conflictingDestinations
        case standardInputTwice
        case severalInputsToOneFile(String)
        case severalInputsToStandardOutput
        case collision(output: String, inputs: [String])

        public var description: String {
            switch self {
            case .noInputs:
                "no input files given (use - to read standard input)"
            case .noDestination:
                "say where to write: -o FILE, -o FOLDER/ or --in-place"
            case .conflictingDestinations:
                "-o and --in-place cannot be used together"
            case .standardInputTwice:
                "standard input (-) can be given only once"
            case .severalInputsToOneFile(let path):
                "several inputs cannot all be written to the file \(path); give a folder (-o \(path)/)"
            case .severalInputsToStandardOutput:
                "only one input can be written to standard output"
            case .collision(let output, let inputs):
                "\(inputs.joined(separator: " and ")) would both be written to \(output)"
            }
        }
    }

    /// Plans files named on the command line (no folder walk): see `plan(_:destination:...)`.
    public static func plan(
        inputs: [String], destination: String?, inPlace: Bool, format: ImageFormat?
    ) throws(PlanError) -> [Job] {
        let discovered = inputs.map { argument in
            argument == "-"
                ? DiscoveredInput(source: .standardInput, relativePath: "stdin")
                : DiscoveredInput(source: .file(argument), relativePath: InputDiscovery.fileName(argument))
        }
        return try plan(discovered, destination: destination, inPlace: inPlace, format: format)
    }

    /// - Parameters:
    ///   - destination: the `-o` value: a file, a folder (existing, or ending in "/", or implied
    ///     by a folder walk), or "-" for standard output.
    ///   - format: the `-f` value; renames outputs written into a folder.
    ///   - intoFolder: the inputs came from a folder walk or a list, so `-o` is a folder.
    public static func plan(
        _ inputs: [DiscoveredInput], destination: String?, inPlace: Bool, format: ImageFormat?,
        intoFolder: Bool = false
    ) throws(PlanError) -> [Job] {
        guard !inputs.isEmpty else { throw .noInputs }
        if inPlace && destination != nil { throw .conflictingDestinations }
        if inputs.filter({ $0.source == .standardInput }).count > 1 { throw .standardInputTwice }

        let jobs: [Job]
        if inPlace {
            // In place, other files stay where they are: there is nothing to copy. A file named
            // twice (a.png and ./a.png) is done once: two workers would replace it at once. (A
            // symlink is kept: it is skipped when its job runs, and its target may be named too.)
            var seen: Set<String> = []
            jobs = inputs.filter { $0.kind == .image }.compactMap { input in
                if case .file(let path) = input.source, !FileIO.isSymbolicLink(path),
                    !seen.insert(FileIO.resolvedPath(path) ?? path).inserted
                {
                    return nil
                }
                return Job(input: input.source, output: input.source == .standardInput ? .standardOutput : .inPlace)
            }
        } else if let destination {
            jobs = try plan(inputs, into: destination, format: format, intoFolder: intoFolder)
        } else if inputs.map(\.source) == [.standardInput] {
            jobs = [Job(input: .standardInput, output: .standardOutput)]
        } else {
            throw .noDestination
        }
        try refuseCollisions(jobs)
        return jobs
    }

    private static func plan(
        _ inputs: [DiscoveredInput], into destination: String, format: ImageFormat?, intoFolder: Bool
    ) throws(PlanError) -> [Job] {
        if destination == "-" {
            guard inputs.count == 1 else { throw .severalInputsToStandardOutput }
            return [Job(input: inputs[0].source, output: .standardOutput)]
        }
        let isFolder = intoFolder || destination.hasSuffix("/") || FileIO.isDirectory(destination)
        if !isFolder {
            guard inputs.count == 1 else { throw .severalInputsToOneFile(destination) }
            let source = inputs[0].source
            return [Job(input: source, output: names(source, destination) ? .inPlace : .file(destination))]
        }
        var folder = destination
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        // Outputs that are their inputs are writes in place, and as in place a file named twice
        // (d/a.jpg ./d/a.jpg -o d/) is done once: the second job found it changed and failed.
        var inPlace: Set<String> = []
        return inputs.compactMap { input in
            var relative = input.relativePath
            if input.kind == .image { relative = outputName(for: relative, format: format) }
            if input.source == .standardInput { relative = "stdin." + (format ?? .jpeg).fileExtension }
            let path = folder == "/" ? "/" + relative : folder + "/" + relative
            let output: Job.Output = names(input.source, path) ? .inPlace : .file(path, createFolders: true)
            if output == .inPlace, !inPlace.insert(FileIO.resolvedPath(path) ?? path).inserted { return nil }
            return Job(input: input.source, output: output, kind: input.kind == .image ? .compress : .copy)
        }
    }

    /// Whether an output path is the input file itself, by another spelling (./a.jpg) or through a
    /// link: writing there is a write in place, with its checks (a hard-linked, read-only or
    /// linked file is refused) and its never-larger rule.
    private static func names(_ source: Job.Input, _ path: String) -> Bool {
        guard case .file(let input) = source else { return false }
        return FileIO.isSameFile(input, path)
    }

    /// The path with its extension replaced when converting to another format.
    static func outputName(for path: String, format: ImageFormat?) -> String {
        guard let format else { return path }
        let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let name = path[nameStart...]
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            if ImageFormat(fileExtension: String(name[name.index(after: dot)...])) == format { return path }
            return path[..<dot] + "." + format.fileExtension
        }
        return path + "." + format.fileExtension
    }

    private static func refuseCollisions(_ jobs: [Job]) throws(PlanError) {
        var writers: [String: [String]] = [:]
        for job in jobs {
            guard let path = job.outputPath else { continue }
            writers[path, default: []].append(job.inputName)
        }
        if let (output, inputs) = writers.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count > 1 }) {
            throw .collision(output: output, inputs: inputs)
        }
    }
}
