/// --report-file names a file the run replaces with its report: a report from an earlier run is
/// replaced as CI expects, anything else is left alone (a mistyped --report-file photo.jpg must
/// not cost the user that photo).
public enum ReportFile {
    /// A non-empty regular file whose start is neither a JSON report's ("imgpress" as the first
    /// key) nor a Markdown report's ("### imgpress" heading).
    public static func isForeign(_ path: String) -> Bool {
        guard let start = FileIO.start(of: path, count: 64), !start.isEmpty else { return false }
        return start.firstRange(of: Array("\"imgpress\"".utf8)) == nil
            && start.firstRange(of: Array("### imgpress".utf8)) == nil
    }
}
