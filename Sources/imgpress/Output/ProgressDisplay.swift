import ImagePress
import Synchronization

/// The progress line: files done of total, bytes saved so far, rate and ETA. Redrawn at most
/// ten times a second, and only when enabled (a terminal, or --progress=always).
final class ProgressDisplay: Sendable {
    private struct State {
        var done = 0
        var saved = 0
        var lastDraw = 0
    }

    private let total: Int
    private let enabled: Bool
    private let started = monotonicMilliseconds()
    private let state = Mutex(State())

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func record(_ result: JobResult) {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            state.done += 1
            if result.action == .written || result.action == .kept { state.saved += result.saved }
            let now = monotonicMilliseconds()
            guard now - state.lastDraw >= 100 || state.done == total else { return nil }
            state.lastDraw = now
            return render(done: state.done, saved: state.saved, elapsed: now - started)
        }
        if let line { Console.shared.progress(line) }
    }

    func finish() {
        if enabled { Console.shared.progress(nil) }
    }

    private func render(done: Int, saved: Int, elapsed: Int) -> String {
        let barWidth = 24
        let filled = total > 0 ? barWidth * done / total : barWidth
        let bar =
            String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
            + String(repeating: " ", count: max(0, barWidth - filled - 1))
        var text = "[\(bar)] \(done)/\(total) files · \(ByteFormatting.bytes(saved)) saved"
        // In the first second the first files, finished together by the parallel workers, make a
        // rate several times the real one; the rate waits for a second of work (or the end).
        if elapsed >= 1000 || done == total {
            let rate = elapsed > 0 ? Double(done) * 1000 / Double(elapsed) : 0
            let remaining = rate > 0 ? Int(Double(total - done) / rate) : 0
            text += " · \(ByteFormatting.oneDecimal(rate)) files/s · ETA \(remaining) s"
        }
        if let width = Console.shared.width, text.count >= width { text = String(text.prefix(width - 1)) }
        return text
    }
}
