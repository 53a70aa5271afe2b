import CShims
import Testing

@testable import ImagePress

/// The scan search chooses progressive layouts from bytes estimated out of the coefficients.
/// These tests hold the estimate against what libjpeg-turbo really writes for each layout.
struct JPEGScanEstimateTests {
    struct OptionCosts {
        var estimated: [Double]  // [option * 4 + component]
        var written: [Double]
        var components: Int

        /// The written bytes of the layout the estimate picks, and of the truly cheapest one.
        func chosenAndBest(component c: Int) -> (chosen: Double, best: Double) {
            let options = 0..<Int(IPX_JPEG_SCAN_OPTIONS)
            let pick = options.min { estimated[$0 * 4 + c] < estimated[$1 * 4 + c] }!
            let best = options.map { written[$0 * 4 + c] }.min()!
            return (written[pick * 4 + c], best)
        }
    }

    static func costs(_ data: [UInt8], sampleBlocks: Int) throws -> OptionCosts {
        let slots = Int(IPX_JPEG_SCAN_OPTIONS) * 4
        var estimated = [Double](repeating: 0, count: slots)
        var written = [Double](repeating: 0, count: slots)
        var components: Int32 = 0
        try CStatusFunnel.call(.jpeg) { status in
            ipx_jpeg_scan_option_costs(data, data.count, sampleBlocks, &estimated, &written, &components, status)
        }
        return OptionCosts(estimated: estimated, written: written, components: Int(components))
    }

    @Test(
        "each layout's estimate is within 1 % of its written bytes, and the pick is the cheapest",
        arguments: ["jpeg/flower.jpg", "jpeg/rocket.jpg", "jpeg/hopper.jpg", "jpeg/gray.jpg", "jpeg/cmyk.jpg"])
    func estimatesMatchWrites(path: String) throws {
        let costs = try Self.costs(try TestImages.bytes(path), sampleBlocks: 0)
        #expect(costs.components >= 1)
        for c in 0..<costs.components {
            for k in 0..<Int(IPX_JPEG_SCAN_OPTIONS) {
                let estimate = costs.estimated[k * 4 + c]
                let written = costs.written[k * 4 + c]
                #expect(written > 0)
                #expect(abs(estimate - written) / written < 0.01, "\(path) component \(c) layout \(k)")
            }
            let (chosen, best) = costs.chosenAndBest(component: c)
            #expect(chosen <= best * 1.0005, "\(path) component \(c)")
        }
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func sampledRowsChooseAsWellOnALargePhoto() throws {
        // 3264 x 2448: 125,000 luma blocks, of which the default search reads about 4,096.
        let costs = try Self.costs(try TestImages.corpusBytes("exif-samples/jolla.jpg"), sampleBlocks: 4096)
        for c in 0..<costs.components {
            let (chosen, best) = costs.chosenAndBest(component: c)
            #expect(chosen <= best * 1.001, "component \(c)")
        }
    }

    @Test func theDefaultSearchBeatsLibjpegsScriptAndKeepsPixels() throws {
        for path in ["jpeg/flower.jpg", "jpeg/rocket.jpg", "jpeg/restart.jpg", "jpeg/progressive.jpg"] {
            let original = try TestImages.bytes(path)
            let simple = try JPEGCodec.optimizeLosslessly(
                original, progressive: true, keepICC: true, effort: PNGEffort(level: 2))
            let searched = try JPEGCodec.optimizeLosslessly(original, progressive: true, keepICC: true)
            #expect(searched.count <= simple.count, "\(path)")
            #expect(try JPEGCodec.decode(searched) == (try JPEGCodec.decode(original)), "\(path)")
        }
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func lossyOutputAlreadyHasItsBestLayout() throws {
        // The coder picks each component's layout from the same estimate, so the lossless search
        // (which also writes libjpeg's script) finds next to nothing left to take.
        let source = try PNGCodec.decode(try TestImages.corpusBytes("skimage/astronaut.png"))
        let encoded = try JPEGCodec.encode(source, options: JPEGEncodeOptions(quality: 95, coder: .trellis))
        #expect(encoded.count > 65536)  // large enough that baseline does not compete
        let searched = try JPEGCodec.optimizeLosslessly(
            encoded, progressive: true, keepICC: true, effort: PNGEffort(level: 4))
        #expect(Double(searched.count) >= Double(encoded.count) * 0.998)
    }
}
