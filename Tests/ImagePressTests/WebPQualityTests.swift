import Testing

@testable import ImagePress

/// The quality a lossy WebP was saved with, read back from its VP8 frame header, and the rule
/// that keeps lossy WebP re-runs from losing a generation each time.
struct WebPQualityTests {
    @Test func theEstimateFollowsTheQualityLibwebpWasGiven() throws {
        let photo = try JPEGCodec.decode(try TestImages.bytes("jpeg/flower.jpg"))
        var previous = -1
        for quality in [30, 50, 60, 70, 75, 80, 85, 90, 95] {
            let bytes = try WebPCodec.encode(photo, options: WebPEncodeOptions(quality: quality), metadata: .init())
            let estimate = try #require(WebPQuality.estimate(bytes))
            // Reads low by up to 6 below q75, within one above it (measured on photos).
            #expect((quality - 6)...(quality + 1) ~= estimate, "q\(quality): \(estimate)")
            #expect(estimate >= previous, "q\(quality)")
            previous = estimate
        }
        // With alpha the image data sits in a VP8X container, after the ALPH chunk.
        let withAlpha = try PNGCodec.decode(try TestImages.bytes("png/rgba.png"))
        let alphaBytes = try WebPCodec.encode(withAlpha, options: WebPEncodeOptions(quality: 85), metadata: .init())
        #expect((79...86) ~= (try #require(WebPQuality.estimate(alphaBytes))))
        let lossless = try WebPCodec.encode(
            photo, options: WebPEncodeOptions(quality: 80, lossless: true), metadata: .init())
        #expect(WebPQuality.estimate(lossless) == nil)
        #expect(WebPQuality.estimate(try TestImages.bytes("jpeg/flower.jpg")) == nil)
        #expect(WebPQuality.estimate(Array(try TestImages.bytes("webp/lossy.webp").prefix(40))) == nil)
    }

    /// JPEG -> WebP, then the WebP again and again: the second run keeps it. A WebP saved well
    /// above -q is re-encoded once, and then kept too.
    @Test func reRunsOnLossyWebPSettle() throws {
        var settings = CompressionSettings()
        settings.outputFormat = .webp
        let converted = try Compressor.compress(try TestImages.bytes("jpeg/flower.jpg"), settings: settings)
        #expect(converted.method == .webpLossy(quality: 80))
        settings.outputFormat = nil
        let again = try Compressor.compress(converted.bytes, settings: settings)
        #expect(again.method == .original && again.bytes == converted.bytes)
        #expect(again.keptReason?.contains("not above -q 80: a lossy re-encode would only lose more") == true)

        let photo = try JPEGCodec.decode(try TestImages.bytes("jpeg/flower.jpg"))
        let fine = try WebPCodec.encode(photo, options: WebPEncodeOptions(quality: 95), metadata: .init())
        let first = try Compressor.compress(fine, settings: settings)
        #expect(first.method == .webpLossy(quality: 80) && first.bytes.count < fine.count * 3 / 4)
        let second = try Compressor.compress(first.bytes, settings: settings)
        #expect(second.method == .original && second.bytes == first.bytes)
        // Asking for a lower quality still re-encodes.
        settings.quality = 60
        #expect(try Compressor.compress(first.bytes, settings: settings).method == .webpLossy(quality: 60))
    }
}
