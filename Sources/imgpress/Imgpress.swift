import ArgumentParser
import ImagePress

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
              imgpress -r photos/ -o small/
              imgpress -r assets/ --in-place --report json --report-file report.json
              git ls-files -z '*.png' | imgpress --files-from - -0 --in-place
              imgpress logo.png -f webp -o logo.webp
              imgpress - < in.jpg > out.jpg
              cat in.png | imgpress - -f webp -o - > out.webp

            Exit codes: 0 success, 1 some files failed, 2 usage error, 130 interrupted.
            """,
        version: ImagePressVersion.current)

    @OptionGroup(title: "Input") var selection: SelectionOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Encoding") var encoding: EncodingOptions
    @OptionGroup(title: "Reporting") var reporting: ReportingOptions

    func validate() throws {
        if selection.inputs.isEmpty && selection.filesFrom == nil {
            throw ValidationError(OutputPlanner.PlanError.noInputs.description)
        }
    }

    func run() throws {
        let plan = try InputPlanning(selection: selection, output: output, format: encoding.format)
        let jobs = plan.jobs
        try refuseStandardStreamConflicts(jobs)

        let cancellation = Cancellation()
        InterruptHandler.install(cancellation: cancellation)
        let singleOutput = jobs.count == 1 ? jobs[0].outputPath : nil
        let runner = JobRunner(
            settings: encoding.settings(singleOutputFile: singleOutput), overwrite: output.force,
            dryRun: output.dryRun, preserveTimes: output.preserveTimes)
        let batch = BatchRunner(
            runner: runner, workers: reporting.jobs ?? activeProcessorCount(),
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
            results: noticeResults + results, milliseconds: monotonicMilliseconds() - start,
            dryRun: output.dryRun, interrupted: cancellation.isCancelled,
            planned: jobs.count + noticeResults.count)
        printer.summarize(report)
        try writeReport(report)
        if report.interrupted { throw ExitCode(ExitStatus.interrupted) }
        if report.totals.failed > 0 { throw ExitCode(ExitStatus.someFilesFailed) }
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
                try FileIO.writeAtomically(bytes, to: path, replace: true)
            } else {
                try FileIO.writeStandardOutput(bytes)
            }
        } catch {
            Console.shared.error("cannot write the report: \(error)")
            throw ExitCode(ExitStatus.someFilesFailed)
        }
    }

    /// Usage errors exit 2 (ArgumentParser's default is 64); everything else as ArgumentParser does.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.shared.line("imgpress: error: " + message(for: error))
                Console.shared.line("Usage: imgpress [<path> ...] [-o <path>] [options]   (see imgpress --help)")
                terminate(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}
