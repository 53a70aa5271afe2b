/// JPEG chroma subsampling: how many luma samples share one chroma sample.
public enum ChromaSubsampling: String, Sendable, CaseIterable, Codable {
    case s420 = "420"
    case s422 = "422"
    case s444 = "444"

    /// Luma sampling factors (horizontal, vertical) relative to chroma.
    var factors: (horizontal: Int32, vertical: Int32) {
        switch self {
        case .s420: (2, 2)
        case .s422: (2, 1)
        case .s444: (1, 1)
        }
    }
}
