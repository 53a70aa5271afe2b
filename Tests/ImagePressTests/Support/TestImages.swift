import Foundation
import ImagePress

/// Paths to the bundled fixtures and the shared developer corpus, and helpers to load them.
enum TestImages {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support → ImagePressTests → Tests → root
        return url.path
    }()

    static let fixtures = packageRoot + "/Fixtures"
    static let corpus = packageRoot + "/../shared/corpus"
    static var corpusAvailable: Bool { FileManager.default.fileExists(atPath: corpus + "/SOURCES.md") }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        try FileIO.read(fixtures + "/" + relativePath)
    }

    static func corpusBytes(_ relativePath: String) throws -> [UInt8] {
        try FileIO.read(corpus + "/" + relativePath)
    }

    static func files(in folder: String, extension ext: String? = nil) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { ext == nil || $0.hasSuffix("." + ext!) }.sorted()
    }

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "imgpress-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Peak signal-to-noise ratio over all samples of two 8-bit buffers of the same shape, in dB.
func psnr(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
    precondition(a.samples.count == b.samples.count, "buffers differ in shape")
    var squared = 0.0
    for i in 0..<a.samples.count {
        let d = Double(a.samples[i]) - Double(b.samples[i])
        squared += d * d
    }
    let mse = squared / Double(a.samples.count)
    return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
}

/// The RGB value of one pixel of an 8-bit buffer (gray is repeated).
func rgb(_ image: PixelBuffer, x: Int, y: Int) -> [UInt8] {
    let base = (y * image.width + x) * image.channels
    return image.layout.isGray
        ? Array(repeating: image.samples[base], count: 3)
        : Array(image.samples[base..<base + 3])
}
