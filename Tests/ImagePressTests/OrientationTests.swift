import Testing

@testable import ImagePress

struct OrientationTests {
    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func allEightOrientationsShowTheSamePicture() throws {
        let upright = try JPEGCodec.decode(try TestImages.corpusBytes("orientation/Landscape_1.jpg"))
        for value in 2...8 {
            let data = try TestImages.corpusBytes("orientation/Landscape_\(value).jpg")
            let orientation = try #require(JPEGMarkers.orientation(in: data))
            #expect(orientation.rawValue == value)
            let turned = orientation.applied(to: try JPEGCodec.decode(data))
            #expect(turned.width == upright.width && turned.height == upright.height)
            #expect(psnr(turned, upright) > 25, "orientation \(value)")
        }
    }

    @Test func rotationMovesPixelsWhereExifSays() {
        // 2×1 image: A B. Orientation 6 (rotate 90° clockwise to display) gives a 1×2 column A over B.
        let image = PixelBuffer(width: 2, height: 1, layout: .gray, bitDepth: 8, samples: [1, 2])
        let turned = Orientation.right.applied(to: image)
        #expect(turned.width == 1 && turned.height == 2 && turned.samples == [1, 2])
        #expect(Orientation.left.applied(to: image).samples == [2, 1])
        #expect(Orientation.upMirrored.applied(to: image).samples == [2, 1])
    }

    @Test func minimalExifBlockReadsBack() {
        for orientation in Orientation.allCases {
            let block = ExifReader.minimalBlock(orientation: orientation)
            #expect(ExifReader.orientation(inTIFF: block.dropFirst(6)) == orientation)
        }
    }

    @Test func damagedExifIsIgnoredNotFatal() {
        #expect(ExifReader.orientation(inTIFF: [0x4D, 0x4D, 0x00, 0x2A, 0xFF, 0xFF, 0xFF, 0xFF]) == nil)
        #expect(ExifReader.orientation(inTIFF: []) == nil)
    }
}
