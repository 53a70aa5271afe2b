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

    /// - Parameters:
    ///   - inputs: paths, or "-" for standard input.
    ///   - destination: the `-o` value: a file, a folder (existing, or ending in "/"), or "-".
    ///   - format: the `-f` value; renames outputs written into a folder.
    public static func plan(
        inputs: [String], destination: String?, inPlace: Bool,
        format: ImageFormat?
    ) throws(PlanError) -> [Job] {
        guard !inputs.isEmpty else { throw .noInputs }
        if inPlace && destination != nil { throw .conflictingDestinations }
        if inputs.filter({ $0 == "-" }).count > 1 { throw .standardInputTwice }
        let sources: [Job.Input] = inputs.map { $0 == "-" ? .standardInput : .file($0) }

        let jobs: [Job]
        if inPlace {
            jobs = sources.map { source in
                Job(input: source, output: source == .standardInput ? .standardOutput : .inPlace)
            }
        } else if let destination {
            jobs = try plan(sources, into: destination, format: format)
        } else if sources == [.standardInput] {
            jobs = [Job(input: .standardInput, output: .standardOutput)]
        } else {
            throw .noDestination
        }
        try refuseCollisions(jobs)
        return jobs
    }

    private static func plan(
        _ sources: [Job.Input], into destination: String,
        format: ImageFormat?
    ) throws(PlanError) -> [Job] {
        if destination == "-" {
            guard sources.count == 1 else { throw .severalInputsToStandardOutput }
            return [Job(input: sources[0], output: .standardOutput)]
        }
        let isFolder = destination.hasSuffix("/") || FileIO.isDirectory(destination)
        if !isFolder {
            guard sources.count == 1 else { throw .severalInputsToOneFile(destination) }
            let output: Job.Output = sources[0] == .file(destination) ? .inPlace : .file(destination)
            return [Job(input: sources[0], output: output)]
        }
        let folder = destination.hasSuffix("/") && destination.count > 1 ? String(destination.dropLast()) : destination
        return sources.map { source in
            let name: String =
                switch source {
                case .file(let path): outputName(for: path, format: format)
                case .standardInput: "stdin." + (format ?? .jpeg).fileExtension
                }
            let path = folder == "/" ? "/" + name : folder + "/" + name
            return Job(input: source, output: source == .file(path) ? .inPlace : .file(path))
        }
    }

    /// The input's file name, with its extension replaced when converting to another format.
    static func outputName(for path: String, format: ImageFormat?) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let format else { return name }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let current = name[name.index(after: dot)...]
            if ImageFormat(fileExtension: String(current)) == format { return name }
            return name[..<dot] + "." + format.fileExtension
        }
        return name + "." + format.fileExtension
    }

    private static func refuseCollisions(_ jobs: [Job]) throws(PlanError) {
        var writers: [String: [String]] = [:]
        for job in jobs {
            guard case .file(let path) = job.output else { continue }
            writers[path, default: []].append(job.inputName)
        }
        if let (output, inputs) = writers.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count > 1 }) {
            throw .collision(output: output, inputs: inputs)
        }
    }
}
