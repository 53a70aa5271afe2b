import CShims

/// Lossless ways to store a `PixelBuffer` in a PNG: the buffer as it is (less an all-opaque alpha
/// channel, as gray when R = G = B, at 8 bits when every 16-bit sample is v·257), gray at
/// 1/2/4 bits when the values allow, and a palette when there are at most 256 colours (in up to
/// three orders). Each decodes back to exactly the same pixels.
enum PNGReduction {
    struct Candidate {
        var colorType: Int32
        var bitDepth: Int
        var channels: Int
        var width: Int
        var height: Int
        /// Rows of samples; below 8 bits, one sample per byte (`packedRows` packs them).
        var samples: [UInt8]
        var palette: [UInt8]? = nil
        var transparency: [UInt8]? = nil

        var isPaletteOrLowBit: Bool { colorType == Int32(IPX_PNG_PALETTE) || bitDepth < 8 }
        /// The bytes of the chunks this form adds beside the image data: PLTE and tRNS, 12 bytes
        /// of chunk framing each. A 32x32 image of 256 colours is 199 bytes as RGB and 881 as a
        /// palette, 780 of them PLTE and tRNS, so forms are compared by both.
        var chunkBytes: Int {
            let framing = 12
            return (palette.map { framing + $0.count } ?? 0)
                + (transparency.map { $0.isEmpty ? 0 : framing + $0.count } ?? 0)
        }
        var bitsPerPixel: Int { channels * bitDepth }
        var rowBytes: Int { (width * bitsPerPixel + 7) / 8 }
        /// What PNG filters call bpp: the byte distance to the corresponding byte of the pixel before.
        var filterDistance: Int { max(1, bitsPerPixel / 8) }

        /// The rows as PNG stores them: samples below 8 bits packed from the high bit down.
        var packedRows: [UInt8] {
            guard bitDepth < 8 else { return samples }
            let perByte = 8 / bitDepth
            var packed = [UInt8](repeating: 0, count: rowBytes * height)
            for y in 0..<height {
                let source = y * width
                let target = y * rowBytes
                for x in 0..<width {
                    let shift = 8 - bitDepth * (x % perByte + 1)
                    packed[target + x / perByte] |= samples[source + x] << shift
                }
            }
            return packed
        }
    }

    /// `profileColorSpace`: the ICC colour space ("GRAY", "RGB ") of the profile the file will
    /// carry in iCCP, if any. PNG allows a gray profile only on gray colour types and a colour one
    /// only on the others (libpng drops a mismatched one on reading), so the reductions that
    /// would cross over are left out.
    /// `quantized`: the image comes from the lossy quantizer (dithered, at most 256 colours), whose
    /// palette is also tried in adjacency order (from effort 2, with the sorted order).
    static func candidates(
        for original: PixelBuffer, effort: PNGEffort, profileColorSpace: String? = nil, quantized: Bool = false
    ) -> [Candidate] {
        var image = PixelConversions.droppingOpaqueAlpha(original)
        let grayProfile = profileColorSpace == "GRAY"
        let colourProfile = profileColorSpace != nil && !grayProfile
        if !colourProfile { image = PixelConversions.grayIfNeutral(image) }
        if image.bitDepth == 16, PixelConversions.isExactlyEightBit(image) { image = PixelConversions.to8Bit(image) }
        var result = [direct(image)]
        if image.bitDepth == 8 {
            if image.layout == .gray, let low = lowBitGray(image) { result.append(low) }
            if image.layout != .gray, !grayProfile,
                let palettes = palettes(image, sortedToo: effort.triesPaletteOrders, chained: quantized)
            {
                result += palettes
            }
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
        Candidate(
            colorType: colorType(image.layout), bitDepth: image.bitDepth, channels: image.layout.channels,
            width: image.width, height: image.height, samples: image.samples)
    }

    /// 8-bit gray whose values are all multiples of 255 / (2^depth − 1) fits in fewer bits.
    private static func lowBitGray(_ image: PixelBuffer) -> Candidate? {
        var used = [Bool](repeating: false, count: 256)
        for value in image.samples { used[Int(value)] = true }
        for depth in [1, 2, 4] {
            let step = 255 / ((1 << depth) - 1)
            if used.indices.allSatisfy({ !used[$0] || $0 % step == 0 }) {
                return Candidate(
                    colorType: Int32(IPX_PNG_GRAY), bitDepth: depth, channels: 1, width: image.width,
                    height: image.height, samples: image.samples.map { $0 / UInt8(step) })
            }
        }
        return nil
    }

    /// The distinct colours of 8-bit RGBA pixels (as packed RGBA words) in the order of first
    /// use, or nil when there are more than a palette holds.
    static func paletteColors(_ rgba: PixelBuffer) -> [UInt32]? {
        firstUseIndexed(rgba)?.colors
    }

    /// The distinct colours in first-use order and each pixel as its colour's index among them,
    /// found in one pass; nil past 256 colours.
    private static func firstUseIndexed(_ rgba: PixelBuffer) -> (colors: [UInt32], indices: [UInt8])? {
        var position: [UInt32: UInt8] = [:]
        var colors: [UInt32] = []
        var indices = [UInt8](repeating: 0, count: rgba.pixelCount)
        let fits = rgba.samples.withUnsafeBufferPointer { pixels in
            pixels.withMemoryRebound(to: UInt32.self) { packed in
                for i in 0..<packed.count {
                    if let known = position[packed[i]] {
                        indices[i] = known
                        continue
                    }
                    if colors.count == 256 { return false }
                    position[packed[i]] = UInt8(colors.count)
                    indices[i] = UInt8(colors.count)
                    colors.append(packed[i])
                }
                return true
            }
        }
        return fits ? (colors, indices) : nil
    }

    /// At most 256 distinct colours: a palette in first-use order (neighbouring pixels get
    /// neighbouring indices) and, when asked, sorted: a background colour (a quarter of the
    /// pixels or more) first, the others by alpha, then luminance (smooth gradients and graded
    /// shadows get small filter residuals), and when asked chained by adjacency
    /// (`PNGPaletteOrder`). Translucent entries come first after the background, so tRNS stays
    /// short.
    /// - By luminance alone, the nearly black shades of palette.png's shadow, in 123 alpha
    ///   levels, scattered and the file came out 16 % larger (10,840 bytes; 9,331 by alpha).
    /// - The background first took horse.png (66 % white) from 5,657 to 5,359 bytes (oxipng -o4:
    ///   5,462; by luminance downward instead of upward, 5,407). The most common colour first
    ///   whatever its share cost indexed.png (1.5 %) 1.3 %.
    private static func palettes(_ image: PixelBuffer, sortedToo: Bool, chained: Bool) -> [Candidate]? {
        let rgba = PixelConversions.expandedToRGBA(image)
        // Each pixel as its colour's first-use index; every order is a permutation of those.
        guard let (firstUse, firstUseIndex) = firstUseIndexed(rgba) else { return nil }
        // A colour's R, G, B, A: the packed word's bytes in memory order, as the pixels were.
        let channels = firstUse.map { packed in withUnsafeBytes(of: packed) { Array($0) } }
        func alpha(_ colour: Int) -> UInt8 { channels[colour][3] }
        func translucentFirst(_ order: [Int]) -> [Int] {
            order.filter { alpha($0) != 255 } + order.filter { alpha($0) == 255 }
        }
        var orders = [translucentFirst(Array(firstUse.indices))]
        if sortedToo {
            func alphaThenLuma(_ colour: Int) -> Int {
                let c = channels[colour]
                return Int(c[3]) * 1_000_000 + 299 * Int(c[0]) + 587 * Int(c[1]) + 114 * Int(c[2])
            }
            var counts = [Int](repeating: 0, count: firstUse.count)
            for index in firstUseIndex { counts[Int(index)] += 1 }
            let mostFrequent = counts.indices.max { (counts[$0], -$0) < (counts[$1], -$1) }!
            let isBackground = counts[mostFrequent] * 4 >= firstUseIndex.count
            let others = firstUse.indices.filter { !isBackground || $0 != mostFrequent }
                .sorted { (alphaThenLuma($0), $0) < (alphaThenLuma($1), $1) }
            let sorted = (isBackground ? [mostFrequent] : []) + translucentFirst(others)
            if sorted != orders[0] { orders.append(sorted) }
            // The adjacency chain won on quantized photos (--lossy: chelsea 1.6 %, hopper 6.5 %
            // smaller) and never on the 71 palette PNGs of the corpus (graphics, where the sort
            // wins), so only the quantizer's palettes get it.
            if chained {
                let chain = translucentFirst(
                    PNGPaletteOrder.byAdjacency(firstUseIndex, width: rgba.width, count: firstUse.count))
                if !orders.contains(chain) { orders.append(chain) }
            }
        }
        return orders.map { order in
            var newIndex = [UInt8](repeating: 0, count: firstUse.count)
            var palette: [UInt8] = []
            var transparency: [UInt8] = []
            for (index, colour) in order.enumerated() {
                newIndex[colour] = UInt8(index)
                palette += channels[colour][0..<3]
                transparency.append(alpha(colour))
            }
            // tRNS ends at the last translucent entry; opaque ones before it are written as 255.
            while transparency.last == 255 { transparency.removeLast() }
            let indices = firstUseIndex.map { newIndex[Int($0)] }
            let depth = order.count <= 2 ? 1 : order.count <= 4 ? 2 : order.count <= 16 ? 4 : 8
            return Candidate(
                colorType: Int32(IPX_PNG_PALETTE), bitDepth: depth, channels: 1, width: image.width,
                height: image.height, samples: indices, palette: palette,
                transparency: transparency.isEmpty ? nil : transparency)
        }
    }
}
