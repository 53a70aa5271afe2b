/// The metadata found in a file (other than the colour profile, which travels in `ColorInfo`).
public struct ImageMetadata: Sendable, Equatable {
    /// The EXIF TIFF block, without JPEG's "Exif\0\0" prefix.
    public var exif: [UInt8]?
    /// The XMP packet.
    public var xmp: [UInt8]?
    /// JPEG APP13 (Photoshop image resources, where IPTC lives), payload as stored.
    public var iptc: [UInt8]?
    /// JPEG COM segments, PNG "Comment" text chunks.
    public var comments: [String] = []
    /// JPEG application segments none of the fields above covers, in file order: maker and
    /// program blocks (APP3-APP12, APP15, APP2 other than the ICC profile and the MPF index),
    /// APP1 other than the first EXIF and XMP blocks (extended XMP), APP13 after the first.
    /// Not APP0 (JFIF) and APP14 (Adobe), which the encoder writes itself.
    public var applicationSegments: [JPEGSegment] = []
    /// PNG text chunks other than XMP and comments (tEXt, zTXt, iTXt), by keyword.
    public var textKeywords: [String] = []
    /// PNG text chunks with the standard keywords Author and Copyright (the first of each).
    public var textAuthor: String?
    public var textCopyright: String?
    /// PNG tIME.
    public var hasTimestamp = false
    /// An embedded colour profile (JPEG APP2, PNG iCCP, WebP ICCP), which decoders read themselves.
    public var hasICC = false

    public init() {}

    public var exifSummary: ExifSummary? { exif.map { ExifSummary(tiff: $0[...]) } }
    public var orientation: Orientation? { exifSummary?.orientation }
    public var isEmpty: Bool { self == ImageMetadata() }
}

/// One JPEG marker segment: its code (0xE0 + n for APPn) and payload, as stored.
public struct JPEGSegment: Sendable, Equatable {
    public var marker: UInt8
    public var payload: [UInt8]

    public init(marker: UInt8, payload: [UInt8]) {
        self.marker = marker
        self.payload = payload
    }
}

/// Metadata to write into an output file.
public struct EmbeddedMetadata: Sendable, Equatable {
    public var exif: [UInt8]?
    public var xmp: [UInt8]?
    public var iptc: [UInt8]?
    public var comments: [String] = []
    /// JPEG only: `ImageMetadata.applicationSegments` carried over as they are.
    public var applicationSegments: [JPEGSegment] = []

    public init(
        exif: [UInt8]? = nil, xmp: [UInt8]? = nil, iptc: [UInt8]? = nil, comments: [String] = [],
        applicationSegments: [JPEGSegment] = []
    ) {
        self.exif = exif
        self.xmp = xmp
        self.iptc = iptc
        self.comments = comments
        self.applicationSegments = applicationSegments
    }

    public static let none = EmbeddedMetadata()

    static let xmpSignature = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0]
    static let exifSignature = Array("Exif".utf8) + [0, 0]

    /// As JPEG segments (marker code, payload), in the order they are written.
    var jpegSegments: [(code: Int32, payload: [UInt8])] {
        var segments: [(Int32, [UInt8])] = []
        if let exif { segments.append((0xE1, Self.exifSignature + exif)) }
        if let xmp { segments.append((0xE1, Self.xmpSignature + xmp)) }
        if let iptc { segments.append((0xED, iptc)) }
        for segment in applicationSegments { segments.append((Int32(segment.marker), segment.payload)) }
        for comment in comments { segments.append((0xFE, Array(comment.utf8))) }
        return segments
    }
}
