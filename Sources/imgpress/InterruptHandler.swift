import Dispatch
import ImagePress

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Ctrl-C or SIGTERM: stop handing out work, delete every temporary file so no half-written
/// file is left under a user's name, and let the run print its partial summary and exit 130.
/// A second signal exits at once. Runs on its own queue, not in async-signal context.
enum InterruptHandler {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install(cancellation: Cancellation) {
        let queue = DispatchQueue(label: "imgpress.signals")
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                TemporaryFiles.shared.removeAllAndClose()
                if cancellation.isCancelled { _exit(ExitStatus.interrupted) }
                cancellation.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }
}
