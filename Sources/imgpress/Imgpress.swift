import ArgumentParser
import ImagePress

/// Exit codes, stable and documented in the README.
enum ExitStatus {
    static let success: Int32 = 0
    static let someFilesFailed: Int32 = 1
    static let usage: Int32 = 2
    static let checkFoundWork: Int32 = 3
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
              imgpress -r photos/ -o small/
              imgpress -r assets/ --in-place --report json --report-file report.json
              git ls-files -z '*.png' | imgpress --files-from - -0 --in-place
              imgpress logo.png -f webp -o logo.webp
              imgpress - < in.jpg > out.jpg
              cat in.png | imgpress - -f webp -o - > out.webp

            In CI: imgpress --check -r assets/ exits 3 when some image could be made smaller; \
            --cache remembers finished files; imgpress.toml holds project settings \
            (imgpress config --print PATH shows what applies to a file).

            imgpress inspect FILE... [--json] shows what a file carries: profile, orientation, \
            GPS, camera, dates, XMP/IPTC. By default compression keeps only the colour profile.

            Exit codes: 0 success, 1 some files failed, 2 usage or configuration error, \
            3 --check found files to optimize, 130 interrupted.
            """,
        version: ImagePressVersion.current)

    @OptionGroup(title: "Input") var selection: SelectionOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Encoding") var encoding: EncodingOptions
    @OptionGroup(title: "Checks, caching and projects") var project: ProjectOptions
    @OptionGroup(title: "Reporting") var reporting: ReportingOptions

    func validate() throws {
        if selection.inputs.isEmpty && selection.filesFrom == nil {
            throw ValidationError(OutputPlanner.PlanError.noInputs.description)
        }
        if project.check && output.output != nil { throw ValidationError("--check writes nothing; leave out -o") }
        // Before any work: the report is written last, after files may have been replaced.
        if let path = reporting.reportFile {
            let folder = FileIO.parentFolder(of: path)
            guard FileIO.isDirectory(folder) else {
                throw ValidationError("--report-file \(path): the folder \(folder) does not exist")
            }
            if ReportFile.isForeign(path) {
                throw ValidationError(
                    "--report-file \(path) is a file that is not an imgpress report; it is left as it is "
                        + "(choose another name)")
            }
        }
        // Where nothing can be written (-o /dev/null/x), say so before encoding every file.
        if let path = output.output, path != "-" {
            var probe = path.hasSuffix("/") || FileIO.isDirectory(path) ? path : FileIO.parentFolder(of: path)
            while !FileIO.exists(probe) && FileIO.parentFolder(of: probe) != probe {
                probe = FileIO.parentFolder(of: probe)
            }
            if FileIO.exists(probe) && !FileIO.isDirectory(probe) {
                throw ValidationError("nowhere to write: \(probe) is not a folder")
            }
        }
        // -f jpeg -o logo.png would put JPEG data under a .png name.
        if let format = encoding.format, let path = output.output, path != "-", !path.hasSuffix("/"),
            !FileIO.isDirectory(path), let named = ImageFormat(fileName: path), named != format
        {
            throw ValidationError(
                "-f \(format.rawValue) asks for \(format.displayName), but \(path) names a \(named.displayName) "
                    + "file; leave out -f (the name decides) or give the name a .\(format.fileExtension) extension")
        }
        if let format = encoding.format, output.inPlace {
            throw ValidationError(
                "--in-place keeps each file's name and format; to convert to \(format.displayName), "
                    + "write elsewhere (-o out/)")
        }
    }

    func run() throws {
        let config = try project.loadConfig()
        // --check plans like --in-place, and then writes nothing.
        let inPlace = output.inPlace || (project.check && output.output == nil)
        let plan = try InputPlanning(
            selection: selection, destination: output.output, inPlace: inPlace, format: encoding.format,
            config: config, shard: project.shard.flatMap(Shard.init(parsing:)))
        try refuseStandardStreamConflicts(plan.jobs)
        let resolver = SettingsResolver(
            config: config,
            commandLine: encoding.patch(singleOutputFile: plan.jobs.count == 1 ? plan.jobs[0].outputPath : nil))
        let workers = reporting.jobs ?? activeProcessorCount()
        // Cores the batch leaves idle go to each image's encoder (one photo on a 2-core machine:
        // two threads for it; a folder: one per worker).
        let threadsPerImage = max(1, activeProcessorCount() / max(1, min(workers, plan.jobs.count)))
        let jobs = plan.jobs.map { job in
            var job = job
            job.settings = resolver.settings(for: job.inputPath)
            job.settings?.encoderThreads = threadsPerImage
            return job
        }

        let dryRun = output.dryRun || project.check
        let cache = try loadCache()
        let cancellation = Cancellation()
        InterruptHandler.install(cancellation: cancellation)
        var defaultSettings = resolver.settings(for: nil)
        defaultSettings.encoderThreads = threadsPerImage
        let runner = JobRunner(
            settings: defaultSettings, overwrite: output.force, dryRun: dryRun,
            preserveTimes: output.preserveTimes, cache: cache)
        let batch = BatchRunner(
            runner: runner, workers: workers,
            cancellation: cancellation)
        let printer = SummaryPrinter(quiet: reporting.quiet, perFileLines: reporting.verbose || jobs.count == 1)
        let progress = ProgressDisplay(total: jobs.count, enabled: showsProgress(jobCount: jobs.count))

        let start = monotonicMilliseconds()
        let noticeResults = plan.notices.map(JobResult.init(notice:))
        for result in noticeResults { printer.report(result) }
        let results = batch.run(jobs) { result in
            progress.record(result)
            printer.report(result)
        }
        progress.finish()
        let report = BatchReport(
            results: noticeResults + results, milliseconds: monotonicMilliseconds() - start, dryRun: dryRun,
            interrupted: cancellation.isCancelled, planned: jobs.count + noticeResults.count,
            checkMinimum: project.check ? resolver.settings(for: nil).minimumSaving : nil)
        printer.summarize(report)
        if let cache, !dryRun { saveCache(cache) }
        try writeReport(report)
        if report.interrupted { throw ExitCode(ExitStatus.interrupted) }
        if report.totals.failed > 0 { throw ExitCode(ExitStatus.someFilesFailed) }
        if report.checkMinimum != nil && !report.optimizable.isEmpty { throw ExitCode(ExitStatus.checkFoundWork) }
    }

    private func loadCache() throws -> CacheManifest? {
        guard let path = project.cache else { return nil }
        if CacheManifest.isForeign(path) { throw ValidationError(ImagePressError.foreignCache(path: path).description) }
        let (cache, warning) = CacheManifest.load(path)
        if let warning { Console.shared.warning(warning) }
        return cache
    }

    private func saveCache(_ cache: CacheManifest) {
        do {
            try cache.save()
        } catch {
            Console.shared.warning("could not write the cache \(cache.path): \(error)")
        }
    }

    private func refuseStandardStreamConflicts(_ jobs: [Job]) throws {
        let imageToStdout = jobs.contains { $0.output == .standardOutput }
        if imageToStdout && reporting.report != nil && reporting.reportFile == nil {
            throw ValidationError("image data goes to standard output; send the report to a file with --report-file")
        }
        if imageToStdout && !output.dryRun && Terminal.standardOutputIsTerminal {
            throw ValidationError("refusing to write image data to a terminal; redirect standard output or use -o FILE")
        }
        if jobs.contains(where: { $0.input == .standardInput }) && Terminal.standardInputIsTerminal {
            throw ValidationError("standard input is a terminal; pipe an image in (imgpress - < photo.jpg)")
        }
    }

    private func showsProgress(jobCount: Int) -> Bool {
        switch reporting.progress {
        case .never: false
        case .always: true
        case .auto: !reporting.quiet && jobCount > 1 && Console.shared.isTerminal
        }
    }

    private func writeReport(_ report: BatchReport) throws {
        guard let format = reporting.report else { return }
        let text =
            switch format {
            case .json: JSONReport.render(report)
            case .markdown: MarkdownReport.render(report)
            }
        let bytes = Array(text.utf8)
        do {
            if let path = reporting.reportFile {
                try FileIO.writeAtomically(bytes, to: path, replace: true, target: .named)
            } else {
                try FileIO.writeStandardOutput(bytes)
            }
        } catch {
            Console.shared.error(Console.printable("cannot write the report: \(error)"))
            throw ExitCode(ExitStatus.someFilesFailed)
        }
    }

    /// Usage errors exit 2 (ArgumentParser's default is 64); everything else as ArgumentParser does.
    static func main() {
        ignoreFileSizeSignal()
        // `config` and `inspect` are commands of their own; everything else compresses. (Files
        // with those names can still be given as ./config and ./inspect.)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "config" {
            run(ConfigCommand.self, arguments: Array(arguments.dropFirst()))
        }
        if arguments.first == "inspect" {
            run(InspectCommand.self, arguments: Array(arguments.dropFirst()))
        }
        run(Imgpress.self, arguments: arguments)
    }

    private static func run<Command: ParsableCommand>(_ type: Command.Type, arguments: [String]) -> Never {
        do {
            var command = try type.parseAsRoot(arguments)
            try command.run()
            terminate(ExitStatus.success)
        } catch {
            if type.exitCode(for: error) == .validationFailure {
                Console.shared.line("imgpress: error: " + type.message(for: error))
                Console.shared.line("Usage: imgpress [<path> ...] [-o <path>] [options]   (see imgpress --help)")
                terminate(ExitStatus.usage)
            }
            type.exit(withError: error)
        }
    }
}
