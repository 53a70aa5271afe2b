/// Rejects decompression bombs: a header may claim any size, so the size is checked against a
/// limit before a single pixel buffer is allocated.
public enum PixelLimit {
    /// 16384 × 16384, about 268 megapixels: larger than any camera, smaller than a bomb.
    public static let defaultMaximum = 16_384 * 16_384

    static func check(width: Int, height: Int, maximum: Int) throws {
        guard width > 0, height > 0 else {
            throw ImagePressError.unsupportedVariant(format: .png, detail: "zero-sized image")
        }
        if width.multipliedReportingOverflow(by: height).overflow || width * height > maximum {
            throw ImagePressError.tooManyPixels(width: width, height: height, limit: maximum)
        }
    }
}
