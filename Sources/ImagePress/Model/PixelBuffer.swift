/// The one in-memory representation of an image: every decoder produces it, every encoder
/// consumes it. Rows are packed with no padding; 16-bit samples are stored big-endian, as PNG
/// stores them, so PNG data passes through without byte swapping.
public struct PixelBuffer: Sendable, Equatable {
    public enum Layout: Int, Sendable {
        case gray = 1
        case grayAlpha = 2
        case rgb = 3
        case rgba = 4

        public var channels: Int { rawValue }
        public var hasAlpha: Bool { self == .grayAlpha || self == .rgba }
        public var isGray: Bool { self == .gray || self == .grayAlpha }
    }

    public var width: Int
    public var height: Int
    public var layout: Layout
    /// 8 or 16.
    public var bitDepth: Int
    public var color: ColorInfo
    public var samples: [UInt8]

    public init(
        width: Int, height: Int, layout: Layout, bitDepth: Int, color: ColorInfo = ColorInfo(),
        samples: [UInt8]
    ) {
        precondition(bitDepth == 8 || bitDepth == 16, "bit depth must be 8 or 16")
        precondition(
            samples.count == width * height * layout.channels * bitDepth / 8,
            "sample count does not match the dimensions")
        self.width = width
        self.height = height
        self.layout = layout
        self.bitDepth = bitDepth
        self.color = color
        self.samples = samples
    }

    public var channels: Int { layout.channels }
    public var bytesPerSample: Int { bitDepth / 8 }
    public var bytesPerPixel: Int { channels * bytesPerSample }
    public var stride: Int { width * bytesPerPixel }
    public var pixelCount: Int { width * height }
}
