/// The formats imgpress reads and writes. Input formats are recognised from their first bytes,
/// never from a file name.
public enum ImageFormat: String, Sendable, CaseIterable, Codable {
    case jpeg
    case png
    case webp

    /// The extension imgpress gives files it writes in this format.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        }
    }

    /// The name used in messages and reports.
    public var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .webp: "WebP"
        }
    }

    /// Maps a file extension (any case, without the dot) to a format, for naming outputs.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "jpg", "jpeg", "jpe", "jfif": self = .jpeg
        case "png": self = .png
        case "webp": self = .webp
        default: return nil
        }
    }

    /// The format a path's extension names (the last dot of its last component), if any.
    public init?(fileName path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        self.init(fileExtension: String(name[name.index(after: dot)...]))
    }
}
