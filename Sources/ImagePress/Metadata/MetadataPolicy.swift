/// What metadata survives compression (--keep-metadata, --strip-gps). The default keeps only
/// the colour profile: everything that can identify a person, a place or a device goes.
public struct MetadataPolicy: Sendable, Equatable, CustomStringConvertible {
    public var keepICC = true
    public var keepEXIF = false
    /// Artist and Copyright only (from EXIF, or else PNG's Author and Copyright text), in a new
    /// minimal EXIF block.
    public var keepCopyright = false
    public var keepXMP = false
    public var keepIPTC = false
    public var keepComments = false
    /// JPEG's other application segments (`ImageMetadata.applicationSegments`), as they are.
    public var keepApplicationSegments = false
    /// With kept EXIF: remove the GPS directory (and drop XMP that mentions GPS).
    public var stripGPS = false

    public init() {}

    public static let standard = MetadataPolicy()

    /// `none`, `icc`, `copyright`, `all`, or a comma list of icc, exif, xmp, iptc, comment, app,
    /// copyright.
    public init?(parsing text: String) {
        self.init()
        keepICC = false
        // Every comma-separated word must be one of these: "" (or "icc,,exif") is a mistake, not "none".
        for word in text.lowercased().split(separator: ",", omittingEmptySubsequences: false).map({
            $0.trimmingSpaces()
        }) {
            switch word {
            case "none": break
            case "icc": keepICC = true
            case "copyright": keepICC = true; keepCopyright = true
            case "all":
                keepICC = true; keepEXIF = true; keepCopyright = true; keepXMP = true; keepIPTC = true
                keepComments = true; keepApplicationSegments = true
            case "exif": keepEXIF = true
            case "xmp": keepXMP = true
            case "iptc": keepIPTC = true
            case "comment", "comments": keepComments = true
            case "app": keepApplicationSegments = true
            default: return nil
            }
        }
    }

    public var description: String { keptBlocks + (stripGPS ? "+strip-gps" : "") }

    /// What is kept, in `--keep-metadata`'s own words (without --strip-gps).
    public var keptBlocks: String {
        let kept = [
            ("icc", keepICC), ("exif", keepEXIF), ("copyright", keepCopyright), ("xmp", keepXMP),
            ("iptc", keepIPTC), ("comment", keepComments), ("app", keepApplicationSegments),
        ].filter(\.1).map(\.0)
        return kept.isEmpty ? "none" : kept.joined(separator: ",")
    }

    /// What to write and what is removed, for one image going to `target`.
    /// - Parameters:
    ///   - orientationApplied: the pixels were turned upright, so a kept Orientation tag must say 1.
    ///   - keepOrientation: the pixels were not turned (lossless JPEG), so the tag must survive.
    ///   - dropsICC: the image has a colour profile that the output will not carry (the policy's
    ///     choice, or an sRGB profile left out of JPEG and WebP, whose decoders assume sRGB).
    func plan(
        _ metadata: ImageMetadata, dropsICC: Bool, target: ImageFormat, orientationApplied: Bool,
        keepOrientation: Orientation?
    ) -> (embedded: EmbeddedMetadata, removed: [String]) {
        var embedded = EmbeddedMetadata()
        var removed: [String] = []
        let summary = metadata.exifSummary
        // An EXIF block TIFFReader cannot read cannot be searched for GPS: under --strip-gps it
        // goes whole.
        if let exif = metadata.exif, keepEXIF, !(stripGPS && TIFFReader(exif[...]) == nil) {
            var tiff = exif
            if stripGPS && summary?.hasGPS == true {
                tiff = ExifEditor.removingGPS(tiff)
                removed.append("gps")
            }
            if orientationApplied { tiff = ExifEditor.settingOrientation(tiff, to: .up) }
            embedded.exif = tiff
        } else {
            if let summary, metadata.exif != nil {
                removed.append("exif")
                if summary.hasGPS { removed.append("gps") }
                if summary.hasThumbnail { removed.append("thumbnail") }
            }
            embedded.exif = ExifEditor.minimal(
                orientation: keepOrientation, artist: keepCopyright ? summary?.artist ?? metadata.textAuthor : nil,
                copyright: keepCopyright ? summary?.copyright ?? metadata.textCopyright : nil)
        }
        if let xmp = metadata.xmp {
            // XMP repeats EXIF fields, GPS among them; with --strip-gps it cannot be trusted.
            let mentionsGPS = String(decoding: xmp, as: UTF8.self).contains("GPS")
            if keepXMP && !(stripGPS && mentionsGPS) && (target != .jpeg || xmp.count <= 65_000) {
                embedded.xmp = xmp
            } else {
                removed.append("xmp")
            }
        }
        if let iptc = metadata.iptc {
            // Only JPEG has a place for Photoshop/IPTC records.
            if keepIPTC && target == .jpeg { embedded.iptc = iptc } else { removed.append("iptc") }
        }
        if !metadata.comments.isEmpty {
            if keepComments && target != .webp {
                embedded.comments = metadata.comments
            } else {
                removed.append("comment")
            }
        }
        if !metadata.applicationSegments.isEmpty {
            // Maker and program blocks are opaque: nothing can look inside them for a GPS
            // position, so --strip-gps drops them. Extended XMP continues the XMP packet, and
            // further APP13 segments the first one's Photoshop resources: each goes with those.
            if keepApplicationSegments && !stripGPS && target == .jpeg {
                let extendedXMP = Array("http://ns.adobe.com/xmp/extension/".utf8) + [0]
                embedded.applicationSegments = metadata.applicationSegments.filter { segment in
                    switch segment.marker {
                    case 0xE1 where segment.payload.starts(with: extendedXMP): embedded.xmp != nil
                    case 0xED: embedded.iptc != nil
                    default: true
                    }
                }
            }
            if embedded.applicationSegments.count < metadata.applicationSegments.count { removed.append("app") }
        }
        if !metadata.textKeywords.isEmpty { removed.append("text") }
        if metadata.hasTimestamp { removed.append("time") }
        if dropsICC { removed.append("icc") }
        return (embedded, removed)
    }
}
