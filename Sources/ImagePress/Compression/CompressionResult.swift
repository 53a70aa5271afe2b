/// What `Compressor` decided for one image, and the bytes to write.
public struct CompressionResult: Sendable {
    /// How the output bytes were made.
    public enum Method: Sendable, Equatable, CustomStringConvertible {
        case jpegLossy(quality: Int)
        case jpegLossless
        case pngLossless
        /// Quantized to a palette by libimagequant; quality is its 0-100 estimate.
        case pngLossy(quality: Int)
        case webpLossy(quality: Int)
        case webpLossless
        /// The input's own image data with metadata removed from its container.
        case metadataStripped
        /// The input is passed through unchanged: nothing smaller was found.
        case original

        public var description: String {
            switch self {
            case .jpegLossy(let quality): "JPEG q\(quality)"
            case .jpegLossless: "JPEG lossless optimization"
            case .pngLossless: "PNG lossless"
            case .pngLossy(let quality): "PNG lossy (palette, quality \(quality))"
            case .webpLossy(let quality): "WebP q\(quality)"
            case .webpLossless: "WebP lossless"
            case .metadataStripped: "metadata removed, image data unchanged"
            case .original: "original kept"
            }
        }
    }

    public var inputFormat: ImageFormat
    public var outputFormat: ImageFormat
    public var width: Int
    public var height: Int
    /// The bytes to write: the new encoding, or the input itself when `method == .original`.
    public var bytes: [UInt8]
    public var method: Method
    /// Why the original was kept, when it was.
    public var keptReason: String?
    /// What metadata the output no longer has ("exif", "gps", "xmp", "iptc", "comment",
    /// "thumbnail", "text", "time", "icc").
    public var metadataRemoved: [String] = []
    /// --srgb changed the colours (a colour profile other than sRGB was applied): such an output
    /// is written even when it is not smaller. Gray images keep their gray profile.
    public var convertedColours = false

    public var keptOriginal: Bool { method == .original }
}
