import Testing

@testable import ImagePress

struct PixelConversionTests {
    private func image(_ layout: PixelBuffer.Layout, _ samples: [UInt8], width: Int = 1, depth: Int = 8) -> PixelBuffer
    {
        let height = samples.count / (width * layout.channels * depth / 8)
        return PixelBuffer(width: width, height: height, layout: layout, bitDepth: depth, samples: samples)
    }

    @Test func flattensAlphaOntoTheBackground() {
        let rgba = image(.rgba, [255, 0, 0, 128, 0, 0, 255, 0, 10, 20, 30, 255], width: 3)
        let flat = PixelConversions.flattened(rgba, onto: .white)
        #expect(flat.layout == .rgb)
        #expect(flat.samples == [255, 127, 127, 255, 255, 255, 10, 20, 30])
        let onBlack = PixelConversions.flattened(rgba, onto: .black)
        #expect(Array(onBlack.samples[0..<3]) == [128, 0, 0])
    }

    @Test func grayAlphaOnAColouredBackgroundBecomesRGB() {
        let flat = PixelConversions.flattened(image(.grayAlpha, [100, 0]), onto: RGBColor(red: 255, green: 0, blue: 0))
        #expect(flat.layout == .rgb && flat.samples == [255, 0, 0])
    }

    @Test func sixteenBitRoundsToNearest() {
        let wide = image(.gray, [0x00, 0x00, 0xFF, 0xFF, 0x80, 0x80, 0x00, 0x80], width: 4, depth: 16)
        #expect(PixelConversions.to8Bit(wide).samples == [0, 255, 128, 0])
    }

    @Test func opaqueAlphaIsDroppedAndNeutralColourBecomesGray() {
        let opaque = image(.rgba, [1, 2, 3, 255, 4, 5, 6, 255], width: 2)
        #expect(PixelConversions.droppingOpaqueAlpha(opaque).samples == [1, 2, 3, 4, 5, 6])
        let neutral = image(.rgb, [7, 7, 7, 9, 9, 9], width: 2)
        #expect(PixelConversions.grayIfNeutral(neutral).samples == [7, 9])
        #expect(PixelConversions.grayIfNeutral(opaque).layout == .rgba)
    }

    @Test func cmykFormulas() {
        // Plain CMYK stores ink; Adobe's inverted CMYK stores 255 − ink.
        #expect(PixelConversions.rgbFromCMYK([0, 255, 255, 0], inverted: false) == [255, 0, 0])
        #expect(PixelConversions.rgbFromCMYK([255, 0, 0, 255], inverted: true) == [255, 0, 0])
        #expect(PixelConversions.rgbFromCMYK([0, 0, 0, 255], inverted: false) == [0, 0, 0])
    }

    @Test func backgroundParsing() {
        #expect(RGBColor(parsing: "#ff8000") == RGBColor(red: 255, green: 128, blue: 0))
        #expect(RGBColor(parsing: "f80") == RGBColor(red: 255, green: 136, blue: 0))
        #expect(RGBColor(parsing: "black") == .black)
        #expect(RGBColor(parsing: "#12345") == nil)
        #expect(RGBColor(parsing: "purple-ish") == nil)
    }

    @Test func comparisonSeesThroughLayouts() {
        #expect(PixelComparison.samePixels(image(.gray, [5]), image(.rgba, [5, 5, 5, 255])))
        #expect(!PixelComparison.samePixels(image(.gray, [5]), image(.rgba, [5, 5, 5, 254])))
        #expect(!PixelComparison.samePixels(image(.rgb, [5, 5, 6]), image(.gray, [5])))
    }
}
