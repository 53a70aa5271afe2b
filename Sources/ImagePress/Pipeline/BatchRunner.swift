import Dispatch
import Synchronization

/// Runs jobs on `workers` threads. Each worker takes the next job index from a shared counter,
/// so at most `workers` images are in memory at once however long the list is; results reach
/// `onResult` one at a time (under a lock) as they finish.
public struct BatchRunner: Sendable {
    public var runner: JobRunner
    public var workers: Int
    public var cancellation: Cancellation

    public init(runner: JobRunner, workers: Int, cancellation: Cancellation = Cancellation()) {
        self.runner = runner
        self.workers = max(1, workers)
        self.cancellation = cancellation
    }

    /// The results of the jobs that ran, in job order whatever the timing. After a cancellation,
    /// jobs that had not started are missing.
    public func run(_ jobs: [Job], onResult: @Sendable (JobResult) -> Void) -> [JobResult] {
        let next = Atomic<Int>(0)
        let results = Mutex([JobResult?](repeating: nil, count: jobs.count))
        DispatchQueue.concurrentPerform(iterations: min(workers, max(jobs.count, 1))) { _ in
            while !cancellation.isCancelled {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < jobs.count else { return }
                let result = runner.run(jobs[index])
                results.withLock { results in
                    results[index] = result
                    onResult(result)
                }
            }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}
