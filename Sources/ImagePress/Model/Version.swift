/// imgpress's version, printed by `--version` and recorded in reports.
public enum ImagePressVersion {
    public static let current = "0.1.0"
}
