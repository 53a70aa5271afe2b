#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Runs one job: read → compress → write. Every failure becomes a `.failed` result.
public struct JobRunner: Sendable {
    public var settings: CompressionSettings
    /// Overwrite existing output files (--force).
    public var overwrite: Bool
    /// Do all the work but write nothing (--dry-run).
    public var dryRun: Bool
    /// Give outputs the input's access and modification times (--preserve-times).
    public var preserveTimes: Bool
    /// --cache: skip files unchanged since they were last done with the same settings.
    public var cache: CacheManifest?

    public init(
        settings: CompressionSettings, overwrite: Bool, dryRun: Bool = false, preserveTimes: Bool = false,
        cache: CacheManifest? = nil
    ) {
        self.settings = settings
        self.overwrite = overwrite
        self.dryRun = dryRun
        self.preserveTimes = preserveTimes
        self.cache = cache
    }

    public func run(_ job: Job) -> JobResult {
        let start = monotonicMilliseconds()
        var result = JobResult(job: job, action: .failed, bytesIn: 0, bytesOut: 0, milliseconds: 0)
        // In place, only regular files are replaced: a link named on the command line or in a
        // list is skipped, as walks skip links, so no file outside the tree is ever written.
        if job.output == .inPlace, let path = job.inputPath, FileIO.isSymbolicLink(path) {
            result.action = .skipped
            result.reason = "symbolic link; in place, only the file it points to can be optimized (name that)"
            return result
        }
        do {
            // In place, the file stays open until it is replaced, and only the version read here
            // is replaced.
            let held = try job.output == .inPlace ? job.inputPath.map(FileIO.holdForReplacing) : nil
            // Taken before the read, which may move the access time.
            let sourceTimes =
                preserveTimes && held == nil ? job.inputPath.flatMap(FileIO.accessAndModificationTimes(of:)) : nil
            let data = try held?.bytes ?? readInput(job.input)
            result.bytesIn = data.count
            let settings = job.settings ?? self.settings
            let cached = job.kind == .compress ? try cacheHit(job, data: data, settings: settings) : nil
            switch job.kind {
            case .compress where cached != nil:
                result.action = .cached
                result.bytesOut = cached!
                result.reason = "unchanged since it was last done with these settings"
            case .compress:
                let existing = try existingOutput(job)
                try refuseFormatChangeInPlace(job, data: data, settings: settings)
                let compressed = try Compressor.compress(data, settings: settings)
                result.inputFormat = compressed.inputFormat
                result.outputFormat = compressed.outputFormat
                result.method = compressed.method
                result.width = compressed.width
                result.height = compressed.height
                result.reason = compressed.keptReason
                result.metadataRemoved = compressed.metadataRemoved
                result.bytesOut = compressed.bytes.count
                result.action = compressed.keptOriginal ? .kept : .written
                if try leavesExistingOutput(existing, holding: compressed.bytes, for: job) {
                    result.action = .kept
                    result.reason = Self.upToDateReason
                    if let sourceTimes, let path = job.outputPath, !dryRun { FileIO.setTimes(path, sourceTimes) }
                } else {
                    try write(
                        compressed.bytes, unchanged: compressed.keptOriginal, for: job, held: held, times: sourceTimes)
                }
                remember(job, input: data, output: compressed.bytes, settings: settings)
            case .copy:
                result.bytesOut = data.count
                result.action = .copied
                result.reason = "not an image; copied unchanged"
                if try leavesExistingOutput(existingOutput(job), holding: data, for: job) {
                    result.action = .kept
                    result.reason = Self.upToDateReason
                    if let sourceTimes, let path = job.outputPath, !dryRun { FileIO.setTimes(path, sourceTimes) }
                } else {
                    try write(data, unchanged: true, for: job, held: nil, times: sourceTimes)
                }
            }
        } catch {
            result.action = .failed
            result.reason = String(describing: error)
            result.bytesOut = 0  // nothing was written (a write that failed had set the size)
            if let path = job.inputPath, !dryRun { cache?.forget(path) }
        }
        result.milliseconds = monotonicMilliseconds() - start
        return result
    }

    public static let upToDateReason = "the output file already holds exactly this result"

    /// Without --force, an existing output file is never replaced: its bytes, read before the
    /// work (nil when there is none, or with --force).
    private func existingOutput(_ job: Job) throws -> [UInt8]? {
        guard !overwrite, case .file(let path, _) = job.output, FileIO.exists(path) else { return nil }
        // Only a regular file can hold an earlier result; anything else is refused as before.
        guard FileIO.isRegularFile(path), let bytes = try? FileIO.read(path) else {
            throw ImagePressError.outputExists(path: path)
        }
        return bytes
    }

    /// An existing output that holds exactly these bytes (an earlier run's, with the same
    /// settings) is left as it is, so a run into the same folder can be repeated; any other is
    /// an error without --force (the atomic write checks again, in case a file appears meanwhile).
    private func leavesExistingOutput(_ existing: [UInt8]?, holding bytes: [UInt8], for job: Job) throws -> Bool {
        guard let existing, case .file(let path, _) = job.output else { return false }
        guard existing == bytes else { throw ImagePressError.outputExists(path: path) }
        return true
    }

    /// A file replaced in place keeps its name, so it keeps its format: PNG data under a .jpg
    /// name (or the reverse) would be served and opened as the wrong kind of file. (--check and
    /// dry runs write nothing, so they may still say what a conversion would save.)
    private func refuseFormatChangeInPlace(_ job: Job, data: [UInt8], settings: CompressionSettings) throws {
        guard job.output == .inPlace, !dryRun, let target = settings.outputFormat,
            let format = try? ImageDecoder.format(of: data), format != target
        else { return }
        throw ImagePressError.inPlaceFormatChange(from: format, to: target)
    }

    /// The output size when the cache says this input was already done with these settings
    /// (and, for a separate output file, that file still holds the recorded result).
    private func cacheHit(_ job: Job, data: [UInt8], settings: CompressionSettings) throws -> Int? {
        guard let cache, let path = job.inputPath, let entry = cache.entry(for: path),
            entry.settings == settings.fingerprintHash, entry.input == SHA256.hex(data)
        else { return nil }
        switch job.output {
        case .inPlace:
            return data.count
        case .file(let output, _):
            guard FileIO.exists(output), let written = try? FileIO.read(output), SHA256.hex(written) == entry.output
            else { return nil }
            return written.count
        case .standardOutput:
            return nil
        }
    }

    /// Records what was done, so the next run with the same settings can skip the file.
    private func remember(_ job: Job, input: [UInt8], output: [UInt8], settings: CompressionSettings) {
        guard let cache, !dryRun, let path = job.inputPath, job.output != .standardOutput else { return }
        let outputHash = SHA256.hex(output)
        // In place, the file now holds the output; elsewhere the input is unchanged.
        let inputHash = job.output == .inPlace ? outputHash : SHA256.hex(input)
        cache.record(.init(input: inputHash, output: outputHash, settings: settings.fingerprintHash), for: path)
    }

    private func readInput(_ input: Job.Input) throws -> [UInt8] {
        switch input {
        case .file(let path): try FileIO.read(path)
        case .standardInput: try FileIO.readStandardInput()
        }
    }

    /// `unchanged`: the bytes are the input's own (nothing smaller was found, or a copy).
    /// `held`: for a write in place, the input file as it was read.
    /// `times`: the input's times for a separate output, with --preserve-times.
    private func write(_ bytes: [UInt8], unchanged: Bool, for job: Job, held: FileIO.HeldFile?, times: [timespec]?)
        throws
    {
        switch job.output {
        case .standardOutput:
            if !dryRun { try FileIO.writeStandardOutput(bytes) }
        case .file(let path, let createFolders):
            if createFolders { try FileIO.makeFolders(FileIO.parentFolder(of: path), dryRun: dryRun) }
            if dryRun { return try FileIO.checkWritable(path, replace: overwrite) }
            // A kept original is still copied, so the output folder holds every image.
            // A single -o FILE is the user's own path; one mirrored below -o DIR is derived.
            try FileIO.writeAtomically(
                bytes, to: path, replace: overwrite, target: createFolders ? .derived : .named, times: times)
        case .inPlace:
            // A dry run (and --check) writes nothing, so it refuses nothing either.
            guard !dryRun, let held else { return }
            guard !unchanged else {
                if preserveTimes { FileIO.restoreTimes(of: held) }
                return
            }
            try FileIO.replaceInPlace(bytes, of: held, preservingTimes: preserveTimes)
        }
    }
}

/// Milliseconds on a clock that never jumps, for durations.
public func monotonicMilliseconds() -> Int {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
}
