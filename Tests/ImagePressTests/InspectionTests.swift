import Testing

@testable import ImagePress

/// `imgpress inspect` lists every privacy-relevant item, wherever the file keeps it.
struct InspectionTests {
    /// A JPEG whose EXIF block an editor removed but whose XMP still holds the position.
    @Test func aGPSPositionOnlyInXMPIsReported() throws {
        let jpeg = try TestImages.bytes("jpeg/hopper.jpg")
        let xmp =
            Array("http://ns.adobe.com/xap/1.0/\0".utf8)
            + Array(
                #"<x:xmpmeta><rdf:Description exif:GPSLatitude="48,51.5N" exif:GPSLongitude="2,17.7E"/></x:xmpmeta>"#
                    .utf8)
        let segment: [UInt8] = [0xFF, 0xE1, UInt8((xmp.count + 2) >> 8), UInt8((xmp.count + 2) & 0xFF)] + xmp
        let tagged = Array(jpeg.prefix(2)) + segment + Array(jpeg.dropFirst(2))
        let inspection = try ImageInspection.inspect(tagged, path: "x.jpg")
        #expect(inspection.privacyItems.contains("GPS position (in XMP)"))
        #expect(inspection.text.contains("  GPS position: in XMP"))
        #expect(inspection.json.contains(#""gps": {"latitude": null, "longitude": null, "in": "xmp"}"#))
        let plain = try ImageInspection.inspect(jpeg, path: "y.jpg")
        #expect(!plain.privacyItems.contains { $0.hasPrefix("GPS") } && plain.json.contains(#""gps": null"#))
    }
}
