import Foundation
import Testing

@testable import ImagePress

struct BatchRunnerTests {
    private func jobs() -> [Job] {
        ["jpeg/rocket.jpg", "png/rgba.png", "webp/alpha.webp", "jpeg/flower.jpg", "bad/truncated.png", "png/horse.png"]
            .map { Job(input: .file(TestImages.fixtures + "/" + $0), output: .standardOutput) }
    }

    @Test func resultsAreInJobOrderAndIdenticalForAnyWorkerCount() {
        let runner = JobRunner(settings: CompressionSettings(), overwrite: false, dryRun: true)
        let one = BatchRunner(runner: runner, workers: 1).run(jobs()) { _ in }
        let four = BatchRunner(runner: runner, workers: 4).run(jobs()) { _ in }
        #expect(one.map(\.job) == jobs())
        #expect(one.map(\.bytesOut) == four.map(\.bytesOut))
        #expect(one.map(\.action) == [.written, .written, .kept, .written, .failed, .written])
    }

    @Test func aCancelledBatchStartsNoMoreJobs() {
        let runner = JobRunner(settings: CompressionSettings(), overwrite: false, dryRun: true)
        let cancellation = Cancellation()
        let results = BatchRunner(runner: runner, workers: 1, cancellation: cancellation).run(jobs()) { _ in
            cancellation.cancel()
        }
        #expect(results.count == 1)
    }
}
