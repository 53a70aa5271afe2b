import ArgumentParser
import ImagePress

/// Turns the selection and output options into jobs, plus the notices found on the way:
/// discovery, the config file's ignore globs, the shard, then output planning.
struct InputPlanning {
    var jobs: [Job]
    var notices: [DiscoveryNotice]

    init(
        selection: SelectionOptions, destination: String?, inPlace: Bool, format: ImageFormat?,
        config: ProjectConfig?, shard: Shard?
    ) throws {
        var options = selection.discoveryOptions
        if let destination, destination != "-" { options.outputFolder = FileIO.resolvedPath(destination) }
        var found = InputDiscovery.discover(arguments: selection.inputs, options: options)
        if let list = selection.filesFrom {
            let paths = try Self.readList(list, nullSeparated: selection.nullSeparated)
            let listed = InputDiscovery.discover(listed: paths, options: options)
            found.inputs += listed.inputs
            found.notices += listed.notices
        }
        notices = found.notices
        var inputs = found.inputs
        if let config {
            inputs.removeAll { input in input.source.path.map(config.isIgnored) ?? false }
        }
        if let shard {
            inputs.removeAll { input in !(input.source.path.map(shard.contains) ?? true) }
        }
        // A folder walk or a list mirrors paths, so -o is a folder whatever it is called.
        let intoFolder =
            selection.filesFrom != nil
            || (selection.recursive && selection.inputs.contains(where: FileIO.isDirectory))
        if inputs.isEmpty {
            // Every argument was refused (reported as notices), or a walk, list or shard
            // matched nothing, which is not an error.
            jobs = []
            return
        }
        do {
            jobs = try OutputPlanner.plan(
                inputs, destination: destination, inPlace: inPlace, format: format,
                intoFolder: intoFolder)
        } catch {
            throw ValidationError(error.description)
        }
    }

    private static func readList(_ source: String, nullSeparated: Bool) throws -> [String] {
        let bytes: [UInt8]
        do {
            bytes = source == "-" ? try FileIO.readStandardInput() : try FileIO.read(source)
        } catch {
            throw ValidationError("--files-from \(source): \(error)")
        }
        let separator: UInt8 = nullSeparated ? 0 : 10
        return bytes.split(separator: separator, omittingEmptySubsequences: true).map { line in
            var text = String(decoding: line, as: UTF8.self)
            if !nullSeparated && text.hasSuffix("\r") { text.removeLast() }
            return text
        }
    }
}

extension Job.Input {
    var path: String? {
        if case .file(let path) = self { return path }
        return nil
    }
}
