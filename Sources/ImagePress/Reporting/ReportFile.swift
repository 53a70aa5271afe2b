/// --report-file names a file the run replaces with its report: a report from an earlier run is
/// replaced as CI expects, anything else is left alone (a mistyped --report-file photo.jpg must
/// not cost the user that photo).
public enum ReportFile {
    /// A non-empty regular file whose start is neither a JSON report's ("imgpress" as the first
    /// key) nor a Markdown report's ("### imgpress" heading).
    public static func isForeign(_ path: String) -> Bool {
        guard FileIO.isRegularFile(path), let bytes = try? FileIO.read(path), !bytes.isEmpty else { return false }
        let start = bytes.prefix(64)
        return start.firstRange(of: Array("\"imgpress\"".utf8)) == nil
            && start.firstRange(of: Array("### imgpress".utf8)) == nil
    }
}
