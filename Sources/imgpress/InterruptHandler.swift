import Dispatch
import ImagePress

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Ctrl-C or SIGTERM: delete every temporary file, so no half-written file is left under a
/// user's name, and exit 130. Runs on its own queue, not in async-signal context.
enum InterruptHandler {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install() {
        let queue = DispatchQueue(label: "imgpress.signals")
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                TemporaryFiles.shared.removeAllAndClose()
                StandardError.write("imgpress: interrupted; no partial files were left behind")
                _exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }
}
