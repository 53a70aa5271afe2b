/// Reads single values from an EXIF (TIFF-structured) block, as found after "Exif\0\0" in a
/// JPEG APP1 segment. Bounds-checked throughout: metadata is untrusted input.
public enum ExifReader {
    /// The Orientation tag of IFD0, when present and valid.
    public static func orientation(inTIFF tiff: ArraySlice<UInt8>) -> Orientation? {
        let bytes = Array(tiff)
        guard bytes.count >= 8 else { return nil }
        let bigEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0x4D, 0x4D): bigEndian = true
        case (0x49, 0x49): bigEndian = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return bigEndian ? Int(bytes[at]) << 8 | Int(bytes[at + 1]) : Int(bytes[at + 1]) << 8 | Int(bytes[at])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(bigEndian ? at : at + 2), let low = u16(bigEndian ? at + 2 : at) else { return nil }
            return high << 16 | low
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<count {
            let base = ifd + 2 + entry * 12
            guard let tag = u16(base) else { return nil }
            if tag == 0x0112, u16(base + 2) == 3, let value = u16(base + 8) {
                return Orientation(rawValue: value)
            }
        }
        return nil
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
