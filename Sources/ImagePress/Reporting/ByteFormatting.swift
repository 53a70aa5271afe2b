/// Human-readable sizes and percentages, shared by the summary and the Markdown report.
public enum ByteFormatting {
    /// 1023 → "1023 B", 1536 → "1.5 KiB" (binary units, one decimal).
    public static func bytes(_ count: Int) -> String {
        if abs(count) < 1024 { return "\(count) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(count) / 1024
        var unit = 0
        while abs(value) >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return oneDecimal(value) + " " + units[unit]
    }

    /// 12.345 → "12.3 %".
    public static func percent(_ value: Double) -> String { oneDecimal(value) + " %" }

    /// 1234 ms → "1.23 s".
    public static func seconds(_ milliseconds: Int) -> String {
        let hundredths = (milliseconds + 5) / 10
        let fraction = String(hundredths % 100)
        return "\(hundredths / 100)." + (fraction.count < 2 ? "0" + fraction : fraction) + " s"
    }

    public static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((abs(value) * 10).rounded())
        return (value < 0 && tenths > 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
    }

    /// The change from `before` to `after` as a signed percentage: "−33.4 %" or "+5.0 %".
    public static func change(from before: Int, to after: Int) -> String {
        guard before > 0 else { return "n/a" }
        let delta = Double(after - before) / Double(before) * 100
        return (delta <= 0 ? "−" : "+") + percent(abs(delta))
    }
}
