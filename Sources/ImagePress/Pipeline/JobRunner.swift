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

    public init(settings: CompressionSettings, overwrite: Bool, dryRun: Bool = false, preserveTimes: Bool = false) {
        self.settings = settings
        self.overwrite = overwrite
        self.dryRun = dryRun
        self.preserveTimes = preserveTimes
    }

    public func run(_ job: Job) -> JobResult {
        let start = monotonicMilliseconds()
        var result = JobResult(job: job, action: .failed, bytesIn: 0, bytesOut: 0, milliseconds: 0)
        do {
            let data = try readInput(job.input)
            result.bytesIn = data.count
            switch job.kind {
            case .compress:
                let compressed = try Compressor.compress(data, settings: settings)
                result.inputFormat = compressed.inputFormat
                result.outputFormat = compressed.outputFormat
                result.method = compressed.method
                result.width = compressed.width
                result.height = compressed.height
                result.reason = compressed.keptReason
                try write(compressed.bytes, unchanged: compressed.keptOriginal, for: job)
                result.bytesOut = compressed.bytes.count
                result.action = compressed.keptOriginal ? .kept : .written
            case .copy:
                try write(data, unchanged: true, for: job)
                result.bytesOut = data.count
                result.action = .copied
                result.reason = "not an image; copied unchanged"
            }
        } catch {
            result.action = .failed
            result.reason = String(describing: error)
        }
        result.milliseconds = monotonicMilliseconds() - start
        return result
    }

    private func readInput(_ input: Job.Input) throws -> [UInt8] {
        switch input {
        case .file(let path): try FileIO.read(path)
        case .standardInput: try FileIO.readStandardInput()
        }
    }

    /// `unchanged`: the bytes are the input's own (nothing smaller was found, or a copy).
    private func write(_ bytes: [UInt8], unchanged: Bool, for job: Job) throws {
        let source: String? = if case .file(let path) = job.input { path } else { nil }
        switch job.output {
        case .standardOutput:
            if !dryRun { try FileIO.writeStandardOutput(bytes) }
        case .file(let path, let createFolders):
            if createFolders { try FileIO.makeFolders(FileIO.parentFolder(of: path), dryRun: dryRun) }
            if dryRun { return try FileIO.checkWritable(path, replace: overwrite) }
            // A kept original is still copied, so the output folder holds every image.
            try FileIO.writeAtomically(
                bytes, to: path, replace: overwrite,
                timesFrom: preserveTimes ? source : nil)
        case .inPlace:
            guard !unchanged, !dryRun, let source else { return }
            try FileIO.writeAtomically(
                bytes, to: source, replace: true, permissions: FileIO.permissions(of: source),
                timesFrom: preserveTimes ? source : nil)
        }
    }
}

/// Milliseconds on a clock that never jumps, for durations.
public func monotonicMilliseconds() -> Int {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
}
