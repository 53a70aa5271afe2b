import ArgumentParser
import ImagePress

/// `imgpress inspect FILE...`: a read-only look at what a file carries, so the privacy promise
/// can be checked before and after compression.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an image's format, colour profile, orientation and every privacy-relevant item in it.")

    @Argument(help: ArgumentHelp("Image files to inspect (- reads standard input).", valueName: "file"))
    var files: [String]

    @Flag(help: "One JSON object per file, as a JSON array (a file that cannot be read: {file, error}).")
    var json = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to inspect") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input can be inspected once") }
    }

    func run() throws {
        var texts: [String] = []
        var failed = false
        for path in files {
            do {
                let bytes = path == "-" ? try FileIO.readStandardInput() : try FileIO.read(path)
                let inspection = try ImageInspection.inspect(bytes, path: path)
                texts.append(json ? inspection.json : inspection.text)
            } catch {
                Console.shared.error(Console.printable("\(path): \(error)"))
                // In JSON the file is still an element, so a script sees every file it named.
                if json {
                    texts.append("{\"file\": \(JSONReport.string(path)), \"error\": \(JSONReport.string("\(error)"))}")
                }
                failed = true
            }
        }
        let output =
            json ? "[\n" + texts.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n" : texts.joined(separator: "\n")
        try FileIO.writeStandardOutput(Array(output.utf8))
        if failed { throw ExitCode(ExitStatus.someFilesFailed) }
    }
}
