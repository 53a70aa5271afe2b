import Dispatch
import ImagePress

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Ctrl-C, SIGTERM or SIGHUP: stop handing out work and let the files in flight finish (their writes,
/// the cache and the report complete as in any run), then the run prints its partial summary and
/// exits 130. A second signal deletes every temporary file, so no half-written file is left
/// under a user's name, and exits at once. Runs on its own queue, not in async-signal context.
enum InterruptHandler {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install(cancellation: Cancellation) {
        let queue = DispatchQueue(label: "imgpress.signals")
        // A closed terminal or dropped ssh session (SIGHUP) too: it killed imgpress with a
        // finished temporary file left in the user's folder.
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                // Deleting the temporary files on the first signal failed the files in flight
                // (and the report) with "Interrupted system call" instead of letting them finish.
                if cancellation.isCancelled {
                    TemporaryFiles.shared.removeAllAndClose()
                    _exit(ExitStatus.interrupted)
                }
                cancellation.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }
}
