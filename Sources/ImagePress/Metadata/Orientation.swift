/// EXIF orientation (tag 0x0112): how a viewer must turn the stored pixels to show the picture
/// upright. Values 1-8 as in the EXIF specification.
public enum Orientation: Int, Sendable, CaseIterable {
    case up = 1
    case upMirrored = 2
    case down = 3
    case downMirrored = 4
    case leftMirrored = 5
    case right = 6
    case rightMirrored = 7
    case left = 8

    /// Orientations 5-8 exchange width and height.
    public var swapsDimensions: Bool { rawValue >= 5 }

    /// The pixels turned so that they display upright with no orientation tag.
    public func applied(to image: PixelBuffer) -> PixelBuffer {
        guard self != .up else { return image }
        let (width, height) = swapsDimensions ? (image.height, image.width) : (image.width, image.height)
        let pixelBytes = image.bytesPerPixel
        var samples = [UInt8](repeating: 0, count: image.samples.count)
        image.samples.withUnsafeBufferPointer { source in
            samples.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    for x in 0..<width {
                        let (sx, sy) = sourceCoordinate(x: x, y: y, width: width, height: height)
                        let from = (sy * image.width + sx) * pixelBytes
                        let to = (y * width + x) * pixelBytes
                        for byte in 0..<pixelBytes { target[to + byte] = source[from + byte] }
                    }
                }
            }
        }
        return PixelBuffer(
            width: width, height: height, layout: image.layout, bitDepth: image.bitDepth,
            color: image.color, samples: samples)
    }

    /// For output pixel (x, y) of the upright image (size width × height), the stored pixel.
    private func sourceCoordinate(x: Int, y: Int, width: Int, height: Int) -> (Int, Int) {
        switch self {
        case .up: (x, y)
        case .upMirrored: (width - 1 - x, y)
        case .down: (width - 1 - x, height - 1 - y)
        case .downMirrored: (x, height - 1 - y)
        case .leftMirrored: (y, x)
        case .right: (y, width - 1 - x)
        case .rightMirrored: (height - 1 - y, width - 1 - x)
        case .left: (height - 1 - y, x)
        }
    }
}
