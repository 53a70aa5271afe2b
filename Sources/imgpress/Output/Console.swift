import ImagePress
import Synchronization

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Owns standard error: message lines, and the progress line that is redrawn in place below
/// them. Every write goes through one lock so lines from the collector never interleave.
final class Console: Sendable {
    static let shared = Console()

    private struct State {
        var progressLine: String?
    }

    private let state = Mutex(State())
    let isTerminal = isatty(STDERR_FILENO) != 0
    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM=dumb.
    let useColor: Bool = {
        guard isatty(STDERR_FILENO) != 0, getenv("NO_COLOR") == nil else { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return true
    }()

    /// A line of text, printed above the progress line (which is then redrawn).
    func line(_ text: String) {
        state.withLock { state in
            var output = state.progressLine == nil ? "" : "\r\u{1B}[K"
            output += text + "\n"
            if let progress = state.progressLine { output += progress }
            write(output)
        }
    }

    func error(_ message: String) {
        let label = useColor ? "\u{1B}[31merror:\u{1B}[0m" : "error:"
        line("imgpress: \(label) \(message)")
    }

    func warning(_ message: String) {
        let label = useColor ? "\u{1B}[33mwarning:\u{1B}[0m" : "warning:"
        line("imgpress: \(label) \(message)")
    }

    /// Replaces the progress line (nil removes it).
    func progress(_ text: String?) {
        state.withLock { state in
            let hadLine = state.progressLine != nil
            state.progressLine = text
            write((hadLine ? "\r\u{1B}[K" : "") + (text ?? ""))
        }
    }

    /// `text` with control characters escaped (see `String.escapingControlCharacters`).
    static func printable(_ text: String) -> String { text.escapingControlCharacters }

    /// Columns of the terminal on standard error, if it is one.
    var width: Int? {
        var size = winsize()
        guard isTerminal, ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    private func write(_ text: String) {
        guard !text.isEmpty else { return }
        text.withCString { pointer in _ = systemWrite(STDERR_FILENO, pointer, strlen(pointer)) }
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
