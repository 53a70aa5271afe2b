import CShims

/// Lossy PNG: libimagequant reduces the image to at most 256 colours (with dithering), within
/// pngquant's quality range; the lossless optimizer then stores the palette image, which is where
/// imgpress gains over pngquant's plain zlib.
public enum PNGQuantizer {
    public struct Outcome: Sendable {
        /// The quantized pixels (8-bit RGBA, at most 256 colours), colour information kept.
        public var image: PixelBuffer
        /// libimagequant's own estimate of the result's quality, 0-100 (pngquant's scale).
        public var quality: Int
    }

    /// nil when the result would stay below `range.minimum`.
    public static func quantize(_ source: PixelBuffer, range: QualityRange, effort: PNGEffort) throws -> Outcome? {
        let rgba = PixelConversions.expandedToRGBA(PixelConversions.to8Bit(source))
        let pixels = rgba.pixelCount
        var indices = [UInt8](repeating: 0, count: pixels)
        var palette = [UInt8](repeating: 0, count: 256 * 4)
        var count: Int32 = 0
        var quality: Int32 = 0
        var met: Int32 = 0
        // pngquant's default speed is 4; more effort buys a slower, better palette search.
        let speed: Int32 = effort.level >= 5 ? 1 : effort.level == 4 ? 3 : effort.level == 1 ? 8 : 4
        var options = ipx_quantize_options(
            min_quality: Int32(range.minimum), max_quality: Int32(range.maximum), speed: speed, dithering: 1.0)
        try CStatusFunnel.call(.png, encoding: true) { status in
            ipx_quantize(
                rgba.samples, UInt32(rgba.width), UInt32(rgba.height), &options, &indices, &palette, &count,
                &quality, &met, status)
        }
        guard met != 0 else { return nil }
        var samples = [UInt8](repeating: 0, count: pixels * 4)
        for (pixel, index) in indices.enumerated() {
            let entry = Int(index) * 4
            samples[pixel * 4..<pixel * 4 + 4] = palette[entry..<entry + 4]
        }
        let image = PixelBuffer(
            width: rgba.width, height: rgba.height, layout: .rgba, bitDepth: 8, color: source.color,
            samples: samples)
        return Outcome(image: image, quality: Int(quality))
    }

    /// An image with at most 256 colours is stored exactly as a palette: quantizing it again
    /// could only lose (and would make repeated runs drift).
    public static func fitsInPalette(_ image: PixelBuffer) -> Bool {
        if image.bitDepth == 16 && !PixelConversions.isExactlyEightBit(image) { return false }
        return PNGReduction.paletteColors(PixelConversions.expandedToRGBA(PixelConversions.to8Bit(image))) != nil
    }
}
