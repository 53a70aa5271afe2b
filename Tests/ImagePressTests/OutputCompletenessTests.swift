import Testing

@testable import ImagePress

/// Outputs are checked for a whole container before anything is written (OutputCompleteness):
/// what imgpress writes passes, anything cut short fails.
struct OutputCompletenessTests {
    /// Real outputs of each kind, made by the compressor (which already ran the check on them).
    private func outputs() throws -> [(ImageFormat, [UInt8])] {
        var settings = CompressionSettings()
        settings.quality = 75
        let photo = try TestImages.bytes("jpeg/flower.jpg")
        let tagged = try TestImages.bytes("metadata/tagged.jpg")
        let png = try TestImages.bytes("png/gray16.png")
        var result: [(ImageFormat, [UInt8])] = []
        for (input, format) in [(photo, ImageFormat.jpeg), (tagged, .jpeg), (photo, .png), (png, .png), (photo, .webp)]
        {
            settings.outputFormat = format
            let compressed = try Compressor.compress(input, settings: settings)
            #expect(compressed.method != .original)
            result.append((format, compressed.bytes))
        }
        settings.outputFormat = .webp
        settings.lossless = true
        result.append((.webp, try Compressor.compress(png, settings: settings).bytes))
        return result
    }

    @Test func wholeOutputsPassAndCutOnesFail() throws {
        for (format, bytes) in try outputs() {
            try OutputCompleteness.check(bytes, format: format)
            for length in [0, 1, 2, 12, bytes.count / 2, bytes.count - 2, bytes.count - 1] {
                #expect(throws: ImagePressError.self, "\(format) cut to \(length) of \(bytes.count) bytes") {
                    try OutputCompleteness.check(Array(bytes.prefix(length)), format: format)
                }
            }
        }
    }

    @Test func theMessageSaysWhatIsMissing() throws {
        let error = #expect(throws: ImagePressError.self) { try OutputCompleteness.check([], format: .jpeg) }
        #expect(
            error?.description
                == "the JPEG output is not a complete file (no SOI marker); nothing written")
        let all = try outputs()
        let png = all.first { $0.0 == .png }!.1
        #expect(OutputCompleteness.pngProblem(Array(png.dropLast(12))) == "no IEND chunk")
        var webp = all.first { $0.0 == .webp }!.1
        webp[4] &+= 2
        #expect(OutputCompleteness.webpProblem(webp)?.hasPrefix("the RIFF size says") == true)
        var jpeg = all.first { $0.0 == .jpeg }!.1
        jpeg.removeLast(2)
        #expect(OutputCompleteness.jpegProblem(jpeg) == "no EOI marker")
    }

    /// Data after EOI (an Ultra HDR gain map, a camera's appended preview) is not a cut file; a
    /// real file whose scan stops short is.
    @Test(.enabled(if: TestImages.corpusAvailable)) func realJPEGsAndDataAfterTheEnd() throws {
        for name in ["exif-samples/DSCN0010-gps.jpg", "libjpeg-turbo/testimgari.jpg", "skimage/rocket.jpg"] {
            #expect(OutputCompleteness.jpegProblem(try TestImages.corpusBytes(name)) == nil, "\(name)")
        }
        let withGainMap = try TestImages.bytes("jpeg/flower.jpg") + TestImages.bytes("jpeg/hopper.jpg")
        #expect(OutputCompleteness.jpegProblem(withGainMap) == nil)
        // Pillow's sample keeps the headers of a 1512x2688 photo and 14 bytes of its scan.
        #expect(OutputCompleteness.jpegProblem(try TestImages.corpusBytes("pillow/ultrahdr.jpg")) == "no EOI marker")
    }
}
