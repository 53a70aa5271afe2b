/// `imgpress inspect`: what a file holds, with every privacy-relevant item found. Read-only:
/// containers and headers are parsed, pixels are never decoded.
public struct ImageInspection: Sendable {
    public var path: String
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    /// "RGB", "gray", "CMYK", "palette", "RGBA", ...
    public var colorType: String
    public var bitDepth: Int
    public var details: [String]
    public var iccDescription: String?
    public var iccBytes: Int?
    public var metadata: ImageMetadata
    public var exif: ExifSummary?

    public static func inspect(_ data: [UInt8], path: String) throws -> ImageInspection {
        let format = try ImageDecoder.format(of: data)
        let metadata = MetadataReader.read(data, format: format)
        var inspection = ImageInspection(
            path: path, format: format, width: 0, height: 0, colorType: "", bitDepth: 8, details: [],
            metadata: metadata, exif: metadata.exifSummary)
        var icc: [UInt8]?
        switch format {
        case .jpeg:
            let info = try JPEGCodec.readInfo(data)
            (inspection.width, inspection.height, inspection.bitDepth) = (info.width, info.height, info.precision)
            inspection.colorType =
                switch info.colorFamily {
                case .gray: "gray"
                case .rgb: "RGB"
                case .cmyk: info.isAdobeInverted ? "CMYK (Adobe, inverted)" : "CMYK"
                }
            inspection.details =
                [info.isProgressive ? "progressive" : "baseline"] + (info.isArithmetic ? ["arithmetic"] : [])
            icc = info.iccProfile
        case .png:
            let info = try PNGCodec.readInfo(data)
            (inspection.width, inspection.height, inspection.bitDepth) = (info.width, info.height, info.bitDepth)
            inspection.colorType =
                switch info.colorType {
                case 0: "gray"
                case 2: "RGB"
                case 3: "palette"
                case 4: "gray+alpha"
                default: "RGBA"
                }
            inspection.details = (info.isInterlaced ? ["interlaced"] : []) + (info.isAnimated ? ["animated"] : [])
            if let gamma = info.color.gamma {
                inspection.details.append("gamma \(ByteFormatting.oneDecimal(1 / gamma))")
            }
            if info.color.srgbIntent != nil { inspection.details.append("sRGB chunk") }
            icc = info.color.iccProfile
        case .webp:
            let info = try WebPCodec.readInfo(data)
            (inspection.width, inspection.height) = (info.width, info.height)
            inspection.colorType = info.hasAlpha ? "RGBA" : "RGB"
            inspection.details = [info.isLossless ? "lossless" : "lossy"] + (info.isAnimated ? ["animated"] : [])
            icc = info.iccProfile
        }
        if let icc {
            inspection.iccBytes = icc.count
            inspection.iccDescription = ICCProfileInfo.description(of: icc) ?? "unnamed profile"
        }
        return inspection
    }

    /// A GPS position only in XMP (exif:GPSLatitude and the like, after an editor dropped the
    /// EXIF block): found the way --strip-gps finds it.
    var gpsOnlyInXMP: Bool {
        exif?.hasGPS != true && metadata.xmp.map { String(decoding: $0, as: UTF8.self).contains("GPS") } == true
    }

    /// JPEG's other application segments, by marker and the signature they start with
    /// ("APP12 Ducky", "APP1 http://ns.adobe.com/xmp/extension/").
    var applicationSegments: [(name: String, bytes: Int)] {
        metadata.applicationSegments.map { segment in
            let signature = segment.payload.prefix(40).prefix { $0 >= 0x20 && $0 < 0x7F }
            let name =
                "APP\(segment.marker - 0xE0)"
                + (signature.isEmpty ? "" : " " + String(decoding: signature, as: UTF8.self))
            return (name, segment.payload.count)
        }
    }

    /// The privacy-relevant items found, by name (what default compression removes).
    public var privacyItems: [String] {
        var items: [String] = []
        if gpsOnlyInXMP { items.append("GPS position (in XMP)") }
        if let exif {
            if exif.hasGPS { items.append("GPS position") }
            if exif.dateTaken != nil { items.append("date taken") }
            if exif.make != nil || exif.model != nil { items.append("camera make/model") }
            if exif.serialNumber != nil { items.append("camera serial number") }
            if exif.artist != nil || exif.owner != nil { items.append("owner/artist") }
            if exif.software != nil { items.append("software") }
            if exif.hasThumbnail { items.append("thumbnail") }
            if exif.hasMakerNote { items.append("maker notes") }
        }
        // A block no TIFF reader here can read may still hold anything, GPS included.
        if let block = metadata.exif, TIFFReader(block[...]) == nil { items.append("EXIF (unreadable)") }
        if metadata.xmp != nil { items.append("XMP") }
        if metadata.iptc != nil { items.append("IPTC") }
        if !metadata.comments.isEmpty { items.append("comments") }
        // Maker and program blocks are opaque; some carry a device's or a flight's details.
        if !metadata.applicationSegments.isEmpty { items.append("application segments") }
        if !metadata.textKeywords.isEmpty { items.append("text chunks") }
        if metadata.hasTimestamp { items.append("modification time") }
        return items
    }

    public var text: String {
        var lines = ["\(path)"]
        let extra = details.isEmpty ? "" : ", " + details.joined(separator: ", ")
        lines.append("  format: \(format.displayName) \(width)×\(height), \(colorType), \(bitDepth)-bit\(extra)")
        lines.append("  colour profile: " + (iccDescription.map { "\($0) (\(iccBytes ?? 0) bytes)" } ?? "none"))
        lines.append("  orientation: \(exif?.orientation?.rawValue ?? 1)")
        if let exif {
            if exif.hasGPS {
                let position = exif.latitude.flatMap { lat in
                    exif.longitude.map { "\(coordinate(lat)), \(coordinate($0))" }
                }
                lines.append("  GPS position: \(position ?? "present")")
            }
        }
        if gpsOnlyInXMP { lines.append("  GPS position: in XMP") }
        if let exif {
            if let date = exif.dateTaken { lines.append("  date taken: \(date)") }
            let camera = [exif.make, exif.model].compactMap { $0 }.joined(separator: " ")
            if !camera.isEmpty { lines.append("  camera: \(camera)") }
            if let serial = exif.serialNumber { lines.append("  camera serial number: \(serial)") }
            if let artist = exif.artist { lines.append("  artist: \(artist)") }
            if let owner = exif.owner { lines.append("  owner: \(owner)") }
            if let copyright = exif.copyright { lines.append("  copyright: \(copyright)") }
            if let software = exif.software { lines.append("  software: \(software)") }
            if exif.hasThumbnail { lines.append("  thumbnail: embedded") }
        }
        if let xmp = metadata.xmp { lines.append("  XMP: \(xmp.count) bytes") }
        if let iptc = metadata.iptc { lines.append("  IPTC/Photoshop: \(iptc.count) bytes") }
        // A comment can be 64 KB; the text form shows its start (--json has it whole).
        for comment in metadata.comments {
            let shown = comment.count > 200 ? comment.prefix(200) + "… (\(comment.utf8.count) bytes)" : comment
            lines.append("  comment: \(shown)")
        }
        if !metadata.applicationSegments.isEmpty {
            lines.append(
                "  application segments: "
                    + applicationSegments.map { "\($0.name) (\($0.bytes) bytes)" }
                    .joined(separator: ", "))
        }
        if !metadata.textKeywords.isEmpty {
            lines.append("  text chunks: \(metadata.textKeywords.joined(separator: ", "))")
        }
        lines.append("  privacy: " + (privacyItems.isEmpty ? "nothing found" : privacyItems.joined(separator: ", ")))
        // Every value comes from the file: a newline in one must not start a line of its own,
        // nor an escape sequence drive the terminal.
        return lines.map(\.escapingControlCharacters).joined(separator: "\n") + "\n"
    }

    public var json: String {
        func string(_ value: String?) -> String { value.map(JSONReport.string) ?? "null" }
        // Six decimals (about 0.1 m), as the text form: Double's shortest form prints
        // 2.2944999999999998 for a position stored as 2.2945.
        func number(_ value: Double?) -> String { value.map(coordinate) ?? "null" }
        let gps =
            exif?.hasGPS == true
            ? "{\"latitude\": \(number(exif?.latitude)), \"longitude\": \(number(exif?.longitude))}"
            : gpsOnlyInXMP ? "{\"latitude\": null, \"longitude\": null, \"in\": \"xmp\"}" : "null"
        let fields: [(String, String)] = [
            ("file", string(path)), ("format", string(format.rawValue)), ("width", "\(width)"), ("height", "\(height)"),
            ("color", string(colorType)), ("bit_depth", "\(bitDepth)"),
            ("details", "[" + details.map(JSONReport.string).joined(separator: ", ") + "]"),
            ("icc_description", string(iccDescription)), ("icc_bytes", iccBytes.map(String.init) ?? "null"),
            ("orientation", "\(exif?.orientation?.rawValue ?? 1)"), ("gps", gps),
            ("date_taken", string(exif?.dateTaken)), ("make", string(exif?.make)), ("model", string(exif?.model)),
            ("serial_number", string(exif?.serialNumber)), ("artist", string(exif?.artist)),
            ("owner", string(exif?.owner)), ("copyright", string(exif?.copyright)),
            ("software", string(exif?.software)), ("thumbnail", "\(exif?.hasThumbnail ?? false)"),
            ("exif", "\(metadata.exif != nil)"), ("xmp", "\(metadata.xmp != nil)"), ("iptc", "\(metadata.iptc != nil)"),
            ("comments", "[" + metadata.comments.map(JSONReport.string).joined(separator: ", ") + "]"),
            (
                "application_segments",
                "["
                    + applicationSegments.map {
                        "{\"name\": \(JSONReport.string($0.name)), \"bytes\": \($0.bytes)}"
                    }.joined(separator: ", ") + "]"
            ),
            ("privacy", "[" + privacyItems.map(JSONReport.string).joined(separator: ", ") + "]"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    private func coordinate(_ value: Double) -> String {
        let scaled = Int((value * 1_000_000).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        let fraction = String(magnitude % 1_000_000)
        return "\(sign)\(magnitude / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
