/// Compares what two buffers look like, whatever their layouts: the check behind every lossless
/// write (oxipng's sanity check habit).
public enum PixelComparison {
    /// True when both buffers hold the same size and the same RGBA value at every pixel.
    /// Gray equals RGB with R = G = B; no alpha equals opaque alpha; an 8-bit v equals the 16-bit
    /// v · 257 (how PNG scales sample depths, and how the PNG optimizer drops a redundant byte).
    public static func samePixels(_ a: PixelBuffer, _ b: PixelBuffer) -> Bool {
        guard a.width == b.width, a.height == b.height else { return false }
        if a.bitDepth != b.bitDepth {
            return samePixels(PixelConversions.to16Bit(a), PixelConversions.to16Bit(b))
        }
        if a.layout == b.layout { return a.samples == b.samples }
        let size = a.bytesPerSample
        return a.samples.withUnsafeBufferPointer { left in
            b.samples.withUnsafeBufferPointer { right in
                for pixel in 0..<a.pixelCount {
                    for channel in 0..<4 {
                        for byte in 0..<size {
                            if sample(left, a, pixel, channel, byte) != sample(right, b, pixel, channel, byte) {
                                return false
                            }
                        }
                    }
                }
                return true
            }
        }
    }

    /// Byte `byte` of RGBA channel `channel` of a pixel, synthesising gray → RGB and opaque alpha.
    private static func sample(
        _ samples: UnsafeBufferPointer<UInt8>, _ image: PixelBuffer, _ pixel: Int,
        _ channel: Int, _ byte: Int
    ) -> UInt8 {
        let size = image.bytesPerSample
        let base = pixel * image.bytesPerPixel
        switch (image.layout, channel) {
        case (.gray, 3), (.rgb, 3): return 0xFF
        case (.gray, _): return samples[base + byte]
        case (.grayAlpha, 3): return samples[base + size + byte]
        case (.grayAlpha, _): return samples[base + byte]
        default: return samples[base + channel * size + byte]
        }
    }
}
