/// What an EXIF block says that matters for privacy and display, read with `TIFFReader`.
public struct ExifSummary: Sendable, Equatable {
    public var orientation: Orientation?
    public var make: String?
    public var model: String?
    public var serialNumber: String?
    public var artist: String?
    public var copyright: String?
    public var owner: String?
    public var software: String?
    public var dateTaken: String?
    /// Degrees, north and east positive.
    public var latitude: Double?
    public var longitude: Double?
    public var hasGPS = false
    public var hasThumbnail = false
    public var hasMakerNote = false

    enum Tag {
        static let orientation = 0x0112, make = 0x010F, model = 0x0110, software = 0x0131, artist = 0x013B
        static let copyright = 0x8298, exifIFD = 0x8769, gpsIFD = 0x8825, dateTimeOriginal = 0x9003
        static let makerNote = 0x927C, ownerName = 0xA430, bodySerial = 0xA431, legacySerial = 0xC62F
        static let latitudeRef = 0x0001, latitude = 0x0002, longitudeRef = 0x0003, longitude = 0x0004
    }

    /// `tiff` starts at the TIFF header (after "Exif\0\0").
    public init(tiff: ArraySlice<UInt8>) {
        guard let reader = TIFFReader(tiff), let first = reader.firstDirectory,
            let (ifd0, next) = reader.directory(at: first)
        else { return }
        for entry in ifd0 {
            switch entry.tag {
            case Tag.orientation: orientation = reader.integer(entry).flatMap(Orientation.init(rawValue:))
            case Tag.make: make = reader.string(entry)
            case Tag.model: model = reader.string(entry)
            case Tag.software: software = reader.string(entry)
            case Tag.artist: artist = reader.string(entry)
            case Tag.copyright: copyright = reader.string(entry)
            case Tag.legacySerial: serialNumber = serialNumber ?? reader.string(entry)
            case Tag.exifIFD: if let offset = reader.integer(entry) { readExifIFD(reader, at: offset) }
            case Tag.gpsIFD: if let offset = reader.integer(entry) { readGPS(reader, at: offset) }
            default: break
            }
        }
        // IFD1 holds the thumbnail image.
        if next > 0, let (ifd1, _) = reader.directory(at: next), !ifd1.isEmpty { hasThumbnail = true }
    }

    private mutating func readExifIFD(_ reader: TIFFReader, at offset: Int) {
        guard let (entries, _) = reader.directory(at: offset) else { return }
        for entry in entries {
            switch entry.tag {
            case Tag.dateTimeOriginal: dateTaken = reader.string(entry)
            case Tag.ownerName: owner = reader.string(entry)
            case Tag.bodySerial: serialNumber = reader.string(entry)
            case Tag.makerNote: hasMakerNote = true
            default: break
            }
        }
    }

    private mutating func readGPS(_ reader: TIFFReader, at offset: Int) {
        guard let (entries, _) = reader.directory(at: offset), !entries.isEmpty else { return }
        hasGPS = true
        var latitudeRef = "N"
        var longitudeRef = "E"
        for entry in entries {
            switch entry.tag {
            case Tag.latitudeRef: latitudeRef = reader.string(entry) ?? "N"
            case Tag.longitudeRef: longitudeRef = reader.string(entry) ?? "E"
            case Tag.latitude: latitude = Self.degrees(reader.rationals(entry))
            case Tag.longitude: longitude = Self.degrees(reader.rationals(entry))
            default: break
            }
        }
        if latitudeRef == "S" { latitude = latitude.map { -$0 } }
        if longitudeRef == "W" { longitude = longitude.map { -$0 } }
    }

    private static func degrees(_ parts: [Double]) -> Double? {
        guard parts.count == 3 else { return nil }
        return parts[0] + parts[1] / 60 + parts[2] / 3600
    }
}
