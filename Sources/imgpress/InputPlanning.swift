import ArgumentParser
import ImagePress

/// Turns the selection and output options into jobs, plus the notices found on the way.
struct InputPlanning {
    var jobs: [Job]
    var notices: [DiscoveryNotice]

    init(selection: SelectionOptions, output: OutputOptions, format: ImageFormat?) throws {
        let options = selection.discoveryOptions
        var found = InputDiscovery.discover(arguments: selection.inputs, options: options)
        if let list = selection.filesFrom {
            let paths = try Self.readList(list, nullSeparated: selection.nullSeparated)
            let listed = InputDiscovery.discover(listed: paths, options: options)
            found.inputs += listed.inputs
            found.notices += listed.notices
        }
        notices = found.notices
        // A folder walk or a list mirrors paths, so -o is a folder whatever it is called.
        let intoFolder =
            selection.filesFrom != nil || (selection.recursive && selection.inputs.contains(where: FileIO.isDirectory))
        if found.inputs.isEmpty {
            // Nothing to plan: either every argument was refused (reported as notices) or the
            // selection matched nothing, which is not an error for a walk or a list.
            if notices.isEmpty && selection.inputs.isEmpty && selection.filesFrom == nil {
                throw ValidationError(OutputPlanner.PlanError.noInputs.description)
            }
            jobs = []
            return
        }
        do {
            jobs = try OutputPlanner.plan(
                found.inputs, destination: output.output, inPlace: output.inPlace,
                format: format, intoFolder: intoFolder)
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
