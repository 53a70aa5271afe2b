import ArgumentParser
import Dispatch
import ImagePress

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Exit codes, stable and documented in the README.
enum ExitStatus {
    static let success: Int32 = 0
    static let someFilesFailed: Int32 = 1
    static let usage: Int32 = 2
    static let interrupted: Int32 = 130
}

@main
struct Imgpress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imgpress",
        abstract: "Compress JPEG, PNG and WebP images on your own machine. Nothing is uploaded.",
        discussion: """
            Input formats are recognised from the file contents, not the name. Within one format \
            a file is only written when it gets smaller; otherwise the original is kept (or \
            copied to the output) and imgpress says so.

            Examples:
              imgpress photo.jpg -o small.jpg
              imgpress a.png b.jpg c.webp -o out/
              imgpress logo.png -f webp -o logo.webp
              imgpress - < in.jpg > out.jpg
              cat in.png | imgpress - -f webp -o - > out.webp

            Exit codes: 0 success, 1 some files failed, 2 usage error, 130 interrupted.
            """,
        version: ImagePressVersion.current)

    @Argument(help: ArgumentHelp("Image files to compress, or - for standard input.", valueName: "file"))
    var inputs: [String] = []

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Where to write: a file, a folder (existing, or ending in /), or - for standard output.",
            valueName: "path"))
    var output: String?

    @Flag(help: "Replace each input file, and only when the result is smaller.")
    var inPlace = false

    @Option(
        name: [.customShort("f"), .long],
        help: ArgumentHelp(
            "Output format: jpeg, png or webp. Default: the -o file's extension, else the input's format.",
            valueName: "format"))
    var format: ImageFormat?

    @Option(name: .shortAndLong, help: "Quality for lossy JPEG and WebP, 0-100.")
    var quality: Int = 80

    @Flag(help: "JPEG → JPEG: re-optimize without changing a pixel. WebP output: lossless WebP.")
    var lossless = false

    @Option(help: "JPEG chroma subsampling: 420, 422 or 444.")
    var subsampling: ChromaSubsampling = .s420

    @Flag(help: "Write baseline (non-progressive) JPEG.")
    var baseline = false

    @Option(
        help: ArgumentHelp(
            "Colour under transparent areas when writing JPEG: #rrggbb, white or black.",
            valueName: "colour"))
    var background: String = "white"

    @Flag(help: "Overwrite output files that already exist.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Refuse images larger than this many pixels (a guard against decompression bombs).",
            valueName: "count"))
    var maxPixels: Int = PixelLimit.defaultMaximum

    @Option(name: [.customShort("j"), .long], help: "Files processed at once. Default: the number of processors.")
    var jobs: Int?

    @Flag(help: "Print errors only.")
    var quiet = false

    mutating func validate() throws {
        guard (0...100).contains(quality) else { throw ValidationError("--quality must be between 0 and 100") }
        guard RGBColor(parsing: background) != nil else {
            throw ValidationError("--background takes #rrggbb, #rgb, white or black, not '\(background)'")
        }
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let jobs = try planJobs()
        if jobs.contains(where: { $0.output == .standardOutput }) && Terminal.standardOutputIsTerminal {
            throw ValidationError("refusing to write image data to a terminal; redirect standard output or use -o FILE")
        }
        if jobs.contains(where: { $0.input == .standardInput }) && Terminal.standardInputIsTerminal {
            throw ValidationError("standard input is a terminal; pipe an image in (imgpress - < photo.jpg)")
        }
        InterruptHandler.install()
        let printer = ResultPrinter(quiet: quiet)
        let runner = JobRunner(settings: settings(for: jobs), overwrite: force)
        let batch = BatchRunner(runner: runner, workers: self.jobs ?? ProcessInfoLite.activeProcessorCount)
        let start = DispatchTime.now().uptimeNanoseconds
        let results = batch.run(jobs) { printer.report($0) }
        printer.summarize(results, milliseconds: Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000))
        if results.contains(where: { $0.action == .failed }) { throw ExitCode(ExitStatus.someFilesFailed) }
    }

    private func planJobs() throws -> [Job] {
        do {
            return try OutputPlanner.plan(inputs: inputs, destination: output, inPlace: inPlace, format: format)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// `-f` wins; otherwise a single output file's extension names the format.
    private func settings(for jobs: [Job]) -> CompressionSettings {
        var settings = CompressionSettings()
        settings.outputFormat = format
        if format == nil, jobs.count == 1, case .file(let path) = jobs[0].output,
            let dot = path.lastIndex(of: "."), !path[dot...].contains("/")
        {
            settings.outputFormat = ImageFormat(fileExtension: String(path[path.index(after: dot)...]))
        }
        settings.quality = quality
        settings.lossless = lossless
        settings.subsampling = subsampling
        settings.progressive = !baseline
        settings.background = RGBColor(parsing: background) ?? .white
        settings.maxPixels = maxPixels
        return settings
    }

    /// Usage errors exit 2 (ArgumentParser's default is 64); everything else as ArgumentParser does.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardError.write("imgpress: error: " + message(for: error))
                StandardError.write("Usage: imgpress [<file> ...] [-o <path>] [options]   (see imgpress --help)")
                terminate(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

enum ProcessInfoLite {
    static var activeProcessorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
