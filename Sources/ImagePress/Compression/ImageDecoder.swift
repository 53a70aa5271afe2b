/// Sniffs the format from the bytes and dispatches to the right decoder.
public enum ImageDecoder {
    public static func format(of data: [UInt8]) throws -> ImageFormat {
        guard !data.isEmpty else { throw ImagePressError.emptyFile }
        switch FormatSniffer.sniff(data) {
        case .supported(let format): return format
        case .unsupported(let name): throw ImagePressError.unsupportedFormat(name: name)
        case .damaged(let format):
            throw ImagePressError.corrupt(
                format: format, detail: "damaged signature; was the file transferred as text?")
        case .unknown: throw ImagePressError.unrecognizedFormat(firstBytes: Array(data.prefix(4)))
        }
    }

    public static func decode(_ data: [UInt8], maxPixels: Int = PixelLimit.defaultMaximum) throws -> PixelBuffer {
        try decode(data, as: format(of: data), maxPixels: maxPixels)
    }

    static func decode(_ data: [UInt8], as format: ImageFormat, maxPixels: Int) throws -> PixelBuffer {
        switch format {
        case .jpeg: try JPEGCodec.decode(data, maxPixels: maxPixels)
        case .png: try PNGCodec.decode(data, maxPixels: maxPixels)
        case .webp: try WebPCodec.decode(data, maxPixels: maxPixels)
        }
    }
}
