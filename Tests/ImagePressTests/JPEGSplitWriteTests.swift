import CShims
import Testing

@testable import ImagePress

/// A searched progressive file is written on two threads when allowed (ipx_jpeg_split.c): two
/// libjpeg objects write component 0's AC scans and the others', each with every DC scan, and
/// the scans are put back in the script's order. The bytes must be exactly those of one object
/// writing the whole script, markers and ICC profile included.
struct JPEGSplitWriteTests {
    static func optimize(_ data: [UInt8], threads: Int32, comment: String) throws -> (bytes: [UInt8], split: Bool) {
        var output = ipx_bytes()
        var twoThreads: Int32 = -1
        let payload = Array(comment.utf8)
        try payload.withUnsafeBufferPointer { text in
            var marker = ipx_marker(code: 0xFE, data: text.baseAddress, size: text.count)
            try CStatusFunnel.call(.jpeg) { status in
                ipx_jpeg_optimize(
                    data, data.count, Int32(IPX_JPEG_SCANS_SEARCH), 1, &marker, 1, threads, &output, &twoThreads,
                    status)
            }
        }
        #expect(twoThreads == 0 || twoThreads == 1)
        return (CStatusFunnel.take(output), twoThreads == 1)
    }

    @Test(arguments: [
        "jpeg/hopper.jpg", "jpeg/flower.jpg", "jpeg/rocket.jpg", "jpeg/progressive.jpg", "jpeg/restart.jpg",
        "jpeg/cmyk.jpg", "jpeg/gray.jpg",
    ])
    func twoThreadsWriteTheSameBytes(path: String) throws {
        let original = try TestImages.bytes(path)
        let one = try Self.optimize(original, threads: 1, comment: "written by one object")
        let two = try Self.optimize(original, threads: 2, comment: "written by one object")
        #expect(!one.split)
        #expect(two.bytes == one.bytes, "\(path): \(two.bytes.count) vs \(one.bytes.count) bytes")
        #expect(try JPEGCodec.decode(two.bytes) == (try JPEGCodec.decode(original)), "\(path)")
        // The flag stands for the file kept: a stitched one is progressive. Small files may keep
        // baseline instead, and gray has one component, so nothing to split.
        if two.split { #expect(try JPEGCodec.readInfo(two.bytes).isProgressive) }
        if try JPEGCodec.readInfo(original).colorFamily == .gray { #expect(!two.split) }
        if path == "jpeg/rocket.jpg" { #expect(two.split, "above 64 KB the searched layout is kept") }
        // The caller's marker survives the stitching.
        #expect(JPEGMarkers.segments(0xFE, in: two.bytes).map(Array.init) == [Array("written by one object".utf8)])
    }

    @Test(.enabled(if: TestImages.corpusAvailable, "needs ../shared/corpus"))
    func twoThreadsKeepEveryMarkerOfLargerPhotos() throws {
        for path in ["pillow/icc_profile_big.jpg", "exif-samples/DSCN0010-gps.jpg", "skimage/hubble_deep_field.jpg"] {
            let original = try TestImages.corpusBytes(path)
            let one = try Self.optimize(original, threads: 1, comment: "profile")
            let two = try Self.optimize(original, threads: 2, comment: "profile")
            #expect(two.split && two.bytes == one.bytes, "\(path)")
            #expect(try JPEGCodec.readInfo(two.bytes).isProgressive, "\(path)")
            #expect(try JPEGCodec.readInfo(two.bytes).iccProfile == (try JPEGCodec.readInfo(original).iccProfile))
            #expect(try JPEGCodec.decode(two.bytes) == (try JPEGCodec.decode(original)), "\(path)")
        }
    }
}
