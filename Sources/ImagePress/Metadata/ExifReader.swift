/// Reads single values from an EXIF (TIFF-structured) block, as found after "Exif\0\0" in a
/// JPEG APP1 segment. Bounds-checked throughout: metadata is untrusted input.
public enum ExifReader {
    /// The Orientation tag of IFD0, when present and valid.
    public static func orientation(inTIFF tiff: ArraySlice<UInt8>) -> Orientation? {
        ExifSummary(tiff: tiff).orientation
    }

    /// A minimal EXIF block ("Exif\0\0" + TIFF) holding the Orientation tag and nothing else:
    /// what a lossless JPEG optimization keeps so the picture still displays upright.
    public static func minimalBlock(orientation: Orientation) -> [UInt8] {
        var block = Array("Exif".utf8) + [0, 0]
        block += [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08]  // big-endian TIFF, IFD0 at 8
        block += [0x00, 0x01]  // one entry
        block += [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]  // Orientation, SHORT, count 1
        block += [0x00, UInt8(orientation.rawValue), 0x00, 0x00]  // value, padded to 4 bytes
        block += [0x00, 0x00, 0x00, 0x00]  // no next IFD
        return block
    }
}
