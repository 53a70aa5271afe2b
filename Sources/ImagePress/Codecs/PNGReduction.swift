import CShims

/// Lossless ways to store a `PixelBuffer` in a PNG: the buffer as it is (less an all-opaque alpha
/// channel, or as gray when R = G = B), gray at 1/2/4 bits when the values allow, and a palette
/// when there are at most 256 colours. Each decodes back to exactly the same pixels.
enum PNGReduction {
    struct Attempt {
        var filter: Int32
        var strategy: Int32
    }

    struct Candidate {
        var colorType: Int32
        var bitDepth: Int
        /// Rows of samples; below 8 bits, one sample per byte (libpng packs them).
        var rows: [UInt8]
        var stride: Int
        var palette: [UInt8]? = nil
        var transparency: [UInt8]? = nil
        var attempts: [Attempt]
    }

    private static let adaptive = Int32(IPX_PNG_FILTER_ADAPTIVE)
    private static let unfiltered = Int32(IPX_PNG_FILTER_NONE)
    private static let zlibDefault = Int32(IPX_ZLIB_DEFAULT)
    private static let zlibFiltered = Int32(IPX_ZLIB_FILTERED)

    static func candidates(for original: PixelBuffer) -> [Candidate] {
        var image = PixelConversions.droppingOpaqueAlpha(original)
        image = PixelConversions.grayIfNeutral(image)
        var result = [direct(image)]
        if image.bitDepth == 8 {
            if image.layout == .gray, let low = lowBitGray(image) { result.append(low) }
            if image.layout != .gray, let palette = palette(image) { result.append(palette) }
        }
        return result
    }

    private static func colorType(_ layout: PixelBuffer.Layout) -> Int32 {
        switch layout {
        case .gray: Int32(IPX_PNG_GRAY)
        case .grayAlpha: Int32(IPX_PNG_GRAY_ALPHA)
        case .rgb: Int32(IPX_PNG_RGB)
        case .rgba: Int32(IPX_PNG_RGBA)
        }
    }

    private static func direct(_ image: PixelBuffer) -> Candidate {
        // Photos compress best with per-row adaptive filters; flat graphics often without any.
        Candidate(
            colorType: colorType(image.layout), bitDepth: image.bitDepth, rows: image.samples,
            stride: image.stride,
            attempts: [
                Attempt(filter: adaptive, strategy: zlibDefault),
                Attempt(filter: adaptive, strategy: zlibFiltered),
                Attempt(filter: unfiltered, strategy: zlibDefault),
            ])
    }

    /// 8-bit gray whose values are all multiples of 255 / (2^depth − 1) fits in fewer bits.
    private static func lowBitGray(_ image: PixelBuffer) -> Candidate? {
        var used = [Bool](repeating: false, count: 256)
        for value in image.samples { used[Int(value)] = true }
        for depth in [1, 2, 4] {
            let step = 255 / ((1 << depth) - 1)
            if used.indices.allSatisfy({ !used[$0] || $0 % step == 0 }) {
                let rows = image.samples.map { $0 / UInt8(step) }
                return Candidate(
                    colorType: Int32(IPX_PNG_GRAY), bitDepth: depth, rows: rows, stride: image.width,
                    attempts: [
                        Attempt(filter: unfiltered, strategy: zlibDefault),
                        Attempt(filter: adaptive, strategy: zlibDefault),
                    ])
            }
        }
        return nil
    }

    /// At most 256 distinct colours: a palette, translucent entries first so tRNS stays short.
    private static func palette(_ image: PixelBuffer) -> Candidate? {
        let rgba = PixelConversions.expandedToRGBA(image)
        var seen = Set<UInt32>()
        var firstUse: [UInt32] = []
        var tooMany = false
        rgba.samples.withUnsafeBufferPointer { pixels in
            pixels.withMemoryRebound(to: UInt32.self) { packed in
                for value in packed where seen.insert(value).inserted {
                    if firstUse.count == 256 { tooMany = true; return }
                    firstUse.append(value)
                }
            }
        }
        guard !tooMany else { return nil }
        func alpha(_ packed: UInt32) -> UInt8 { withUnsafeBytes(of: packed) { $0[3] } }
        let ordered = firstUse.enumerated().sorted { lhs, rhs in
            let (a, b) = (alpha(lhs.element), alpha(rhs.element))
            let (aOpaque, bOpaque) = (a == 255, b == 255)
            return aOpaque != bOpaque ? !aOpaque : lhs.offset < rhs.offset
        }.map(\.element)
        var newIndex: [UInt32: UInt8] = [:]
        var palette: [UInt8] = []
        var transparency: [UInt8] = []
        for (index, value) in ordered.enumerated() {
            newIndex[value] = UInt8(index)
            withUnsafeBytes(of: value) { bytes in
                palette += [bytes[0], bytes[1], bytes[2]]
                if bytes[3] != 255 { transparency.append(bytes[3]) }
            }
        }
        var indices = [UInt8](repeating: 0, count: image.pixelCount)
        rgba.samples.withUnsafeBufferPointer { pixels in
            pixels.withMemoryRebound(to: UInt32.self) { packed in
                for i in 0..<packed.count { indices[i] = newIndex[packed[i]]! }
            }
        }
        let depth = ordered.count <= 2 ? 1 : ordered.count <= 4 ? 2 : ordered.count <= 16 ? 4 : 8
        return Candidate(
            colorType: Int32(IPX_PNG_PALETTE), bitDepth: depth, rows: indices, stride: image.width,
            palette: palette, transparency: transparency.isEmpty ? nil : transparency,
            attempts: [
                Attempt(filter: unfiltered, strategy: zlibDefault),
                Attempt(filter: adaptive, strategy: zlibDefault),
            ])
    }
}
