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

    public init(settings: CompressionSettings, overwrite: Bool) {
        self.settings = settings
        self.overwrite = overwrite
    }

    public func run(_ job: Job) -> JobResult {
        let start = monotonicMilliseconds()
        var result = JobResult(job: job, action: .failed, bytesIn: 0, bytesOut: 0, milliseconds: 0)
        do {
            let data = try readInput(job.input)
            result.bytesIn = data.count
            let compressed = try Compressor.compress(data, settings: settings)
            result.inputFormat = compressed.inputFormat
            result.outputFormat = compressed.outputFormat
            result.method = compressed.method
            result.width = compressed.width
            result.height = compressed.height
            result.reason = compressed.keptReason
            try write(compressed, for: job)
            result.bytesOut = compressed.bytes.count
            result.action = compressed.keptOriginal ? .kept : .written
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

    private func write(_ compressed: CompressionResult, for job: Job) throws {
        switch job.output {
        case .standardOutput:
            try FileIO.writeStandardOutput(compressed.bytes)
        case .file(let path):
            // A kept original is still copied, so the output folder holds every image.
            try FileIO.writeAtomically(compressed.bytes, to: path, replace: overwrite)
        case .inPlace:
            guard !compressed.keptOriginal, case .file(let path) = job.input else { return }
            try FileIO.writeAtomically(
                compressed.bytes, to: path, replace: true,
                permissions: FileIO.permissions(of: path))
        }
    }
}

func monotonicMilliseconds() -> Int {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
}
