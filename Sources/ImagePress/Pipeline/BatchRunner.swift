import Dispatch
import Synchronization

/// Runs jobs on `workers` threads. Each worker takes the next job index from a shared counter;
/// results reach `onResult` one at a time (under a lock) as they finish, and the returned array
/// is in job order whatever the timing.
public struct BatchRunner: Sendable {
    public var runner: JobRunner
    public var workers: Int

    public init(runner: JobRunner, workers: Int) {
        self.runner = runner
        self.workers = max(1, workers)
    }

    public func run(_ jobs: [Job], onResult: @Sendable (JobResult) -> Void) -> [JobResult] {
        let next = Atomic<Int>(0)
        let results = Mutex([JobResult?](repeating: nil, count: jobs.count))
        DispatchQueue.concurrentPerform(iterations: min(workers, max(jobs.count, 1))) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < jobs.count else { return }
                let result = runner.run(jobs[index])
                results.withLock { results in
                    results[index] = result
                    onResult(result)
                }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
