/// Every change of pixel representation lives here: bit depth, channel layout, alpha and CMYK.
public enum PixelConversions {
    // MARK: Bit depth

    /// 16-bit to 8-bit by rounding to the nearest value (v · 255 / 65535), no dithering.
    public static func to8Bit(_ image: PixelBuffer) -> PixelBuffer {
        guard image.bitDepth == 16 else { return image }
        let count = image.samples.count / 2
        let samples = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            image.samples.withUnsafeBufferPointer { wide in
                for i in 0..<count {
                    let value = UInt32(wide[2 * i]) << 8 | UInt32(wide[2 * i + 1])
                    out[i] = UInt8((value * 255 + 32_767) / 65_535)
                }
            }
            initialized = count
        }
        return PixelBuffer(
            width: image.width, height: image.height, layout: image.layout, bitDepth: 8,
            color: image.color, samples: samples)
    }

    /// True when every 16-bit sample is v · 257 (both bytes equal): then `to8Bit` loses nothing,
    /// and widening back by · 257 (PNG's own rule for sample depth scaling) restores it.
    public static func isExactlyEightBit(_ image: PixelBuffer) -> Bool {
        guard image.bitDepth == 16 else { return false }
        return image.samples.withUnsafeBufferPointer { wide in
            var index = 0
            while index < wide.count {
                if wide[index] != wide[index + 1] { return false }
                index += 2
            }
            return true
        }
    }

    /// 8-bit to 16-bit by v · 257, so 0 and 255 map to 0 and 65535.
    public static func to16Bit(_ image: PixelBuffer) -> PixelBuffer {
        guard image.bitDepth == 8 else { return image }
        var samples = [UInt8](repeating: 0, count: image.samples.count * 2)
        for (i, value) in image.samples.enumerated() {
            samples[2 * i] = value
            samples[2 * i + 1] = value
        }
        return PixelBuffer(
            width: image.width, height: image.height, layout: image.layout, bitDepth: 16,
            color: image.color, samples: samples)
    }

    // MARK: Channels

    /// Gray → RGB and gray+alpha → RGBA (8 or 16 bits).
    public static func expandedToColor(_ image: PixelBuffer) -> PixelBuffer {
        guard image.layout.isGray else { return image }
        let size = image.bytesPerSample
        let inChannels = image.channels
        let outLayout: PixelBuffer.Layout = image.layout.hasAlpha ? .rgba : .rgb
        let outPixel = outLayout.channels * size
        var samples = [UInt8](repeating: 0, count: image.pixelCount * outPixel)
        image.samples.withUnsafeBufferPointer { source in
            samples.withUnsafeMutableBufferPointer { target in
                for pixel in 0..<image.pixelCount {
                    let s = pixel * inChannels * size
                    let t = pixel * outPixel
                    for byte in 0..<size {
                        let gray = source[s + byte]
                        target[t + byte] = gray
                        target[t + size + byte] = gray
                        target[t + 2 * size + byte] = gray
                        if inChannels == 2 { target[t + 3 * size + byte] = source[s + size + byte] }
                    }
                }
            }
        }
        return PixelBuffer(
            width: image.width, height: image.height, layout: outLayout,
            bitDepth: image.bitDepth, color: image.color, samples: samples)
    }

    /// Any 8-bit image as RGBA, one `UInt32` per pixel in memory order R, G, B, A.
    public static func expandedToRGBA(_ image: PixelBuffer) -> PixelBuffer {
        precondition(image.bitDepth == 8)
        let color = expandedToColor(image)
        guard color.layout == .rgb else { return color }
        var samples = [UInt8](repeating: 255, count: color.pixelCount * 4)
        color.samples.withUnsafeBufferPointer { source in
            samples.withUnsafeMutableBufferPointer { target in
                for pixel in 0..<color.pixelCount {
                    target[4 * pixel] = source[3 * pixel]
                    target[4 * pixel + 1] = source[3 * pixel + 1]
                    target[4 * pixel + 2] = source[3 * pixel + 2]
                }
            }
        }
        return PixelBuffer(
            width: image.width, height: image.height, layout: .rgba, bitDepth: 8,
            color: image.color, samples: samples)
    }

    /// True when every alpha sample is at its maximum.
    public static func isOpaque(_ image: PixelBuffer) -> Bool {
        guard image.layout.hasAlpha else { return true }
        let size = image.bytesPerSample
        let pixelBytes = image.bytesPerPixel
        return image.samples.withUnsafeBufferPointer { samples in
            var offset = pixelBytes - size
            while offset < samples.count {
                for byte in 0..<size where samples[offset + byte] != 0xFF { return false }
                offset += pixelBytes
            }
            return true
        }
    }

    /// Removes an alpha channel that holds nothing but fully opaque values.
    public static func droppingOpaqueAlpha(_ image: PixelBuffer) -> PixelBuffer {
        guard image.layout.hasAlpha, isOpaque(image) else { return image }
        return removingAlpha(image)
    }

    private static func removingAlpha(_ image: PixelBuffer) -> PixelBuffer {
        let size = image.bytesPerSample
        let keep = (image.channels - 1) * size
        let pixelBytes = image.bytesPerPixel
        var samples = [UInt8](repeating: 0, count: image.pixelCount * keep)
        image.samples.withUnsafeBufferPointer { source in
            samples.withUnsafeMutableBufferPointer { target in
                for pixel in 0..<image.pixelCount {
                    for byte in 0..<keep { target[pixel * keep + byte] = source[pixel * pixelBytes + byte] }
                }
            }
        }
        return PixelBuffer(
            width: image.width, height: image.height, layout: image.layout == .rgba ? .rgb : .gray,
            bitDepth: image.bitDepth, color: image.color, samples: samples)
    }

    /// RGB(A) whose every pixel has R = G = B becomes gray(+alpha). Images with an ICC profile
    /// are left alone: an RGB profile cannot describe gray samples.
    public static func grayIfNeutral(_ image: PixelBuffer) -> PixelBuffer {
        guard !image.layout.isGray, image.color.iccProfile == nil else { return image }
        let size = image.bytesPerSample
        let pixelBytes = image.bytesPerPixel
        let neutral = image.samples.withUnsafeBufferPointer { samples in
            for pixel in 0..<image.pixelCount {
                let base = pixel * pixelBytes
                for byte in 0..<size {
                    let red = samples[base + byte]
                    if samples[base + size + byte] != red || samples[base + 2 * size + byte] != red { return false }
                }
            }
            return true
        }
        guard neutral else { return image }
        let outLayout: PixelBuffer.Layout = image.layout.hasAlpha ? .grayAlpha : .gray
        let outPixel = outLayout.channels * size
        var samples = [UInt8](repeating: 0, count: image.pixelCount * outPixel)
        image.samples.withUnsafeBufferPointer { source in
            samples.withUnsafeMutableBufferPointer { target in
                for pixel in 0..<image.pixelCount {
                    for byte in 0..<size {
                        target[pixel * outPixel + byte] = source[pixel * pixelBytes + byte]
                        if image.layout.hasAlpha {
                            target[pixel * outPixel + size + byte] = source[pixel * pixelBytes + 3 * size + byte]
                        }
                    }
                }
            }
        }
        return PixelBuffer(
            width: image.width, height: image.height, layout: outLayout, bitDepth: image.bitDepth,
            color: image.color, samples: samples)
    }

    /// Composites an 8-bit image with alpha over an opaque background colour.
    public static func flattened(_ image: PixelBuffer, onto background: RGBColor) -> PixelBuffer {
        let image = to8Bit(image)
        guard image.layout.hasAlpha else { return image }
        let source = image.layout == .grayAlpha && !background.isGray ? expandedToColor(image) : image
        let colorChannels = source.channels - 1
        let backdrop = [background.red, background.green, background.blue]
        var samples = [UInt8](repeating: 0, count: source.pixelCount * colorChannels)
        source.samples.withUnsafeBufferPointer { input in
            samples.withUnsafeMutableBufferPointer { output in
                for pixel in 0..<source.pixelCount {
                    let alpha = UInt32(input[pixel * source.channels + colorChannels])
                    for c in 0..<colorChannels {
                        let value = UInt32(input[pixel * source.channels + c])
                        let under = UInt32(backdrop[c])
                        output[pixel * colorChannels + c] = UInt8((value * alpha + under * (255 - alpha) + 127) / 255)
                    }
                }
            }
        }
        return PixelBuffer(
            width: image.width, height: image.height, layout: colorChannels == 1 ? .gray : .rgb,
            bitDepth: 8, color: image.color, samples: samples)
    }

    /// Sets the colour of fully transparent pixels to black (--clean-alpha): invisible, and it
    /// compresses better. Not lossless in the strict sense, so only done when asked.
    public static func clearingTransparentColor(_ image: PixelBuffer) -> PixelBuffer {
        guard image.layout.hasAlpha else { return image }
        var result = image
        let size = image.bytesPerSample
        let pixelBytes = image.bytesPerPixel
        let alphaOffset = pixelBytes - size
        result.samples.withUnsafeMutableBufferPointer { samples in
            var base = 0
            while base < samples.count {
                var transparent = true
                for byte in 0..<size where samples[base + alphaOffset + byte] != 0 { transparent = false }
                if transparent { for byte in 0..<alphaOffset { samples[base + byte] = 0 } }
                base += pixelBytes
            }
        }
        return result
    }

    // MARK: Encoder inputs

    /// What the JPEG encoder takes: 8-bit gray or RGB, alpha composited over `background`.
    public static func forJPEG(_ image: PixelBuffer, background: RGBColor) -> PixelBuffer {
        flattened(to8Bit(image), onto: background)
    }

    /// What the WebP encoder takes: 8-bit RGB, or RGBA when some pixel is not opaque.
    public static func forWebP(_ image: PixelBuffer) -> PixelBuffer {
        expandedToColor(droppingOpaqueAlpha(to8Bit(image)))
    }

    // MARK: CMYK

    /// CMYK (or Adobe's inverted CMYK) to RGB by the naive formula R = (1 − C)(1 − K), which
    /// is what viewers without colour management show.
    public static func rgbFromCMYK(_ cmyk: [UInt8], inverted: Bool) -> [UInt8] {
        let pixels = cmyk.count / 4
        return [UInt8](unsafeUninitializedCapacity: pixels * 3) { rgb, initialized in
            cmyk.withUnsafeBufferPointer { source in
                for pixel in 0..<pixels {
                    // Inverted files store 255 − ink; plain files store the ink amount itself.
                    func paper(_ sample: UInt8) -> UInt32 { UInt32(inverted ? sample : 255 - sample) }
                    let key = paper(source[4 * pixel + 3])
                    for c in 0..<3 {
                        rgb[3 * pixel + c] = UInt8((paper(source[4 * pixel + c]) * key + 127) / 255)
                    }
                }
            }
            initialized = pixels * 3
        }
    }
}
