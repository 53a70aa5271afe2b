/// Recognises a file's format from its magic bytes.
public enum FormatSniffer {
    /// What the first bytes of a file say it is.
    public enum Verdict: Equatable, Sendable {
        case supported(ImageFormat)
        /// A known image format that imgpress does not handle (yet), by name.
        case unsupported(String)
        /// Starts like this format, but its signature is damaged.
        case damaged(ImageFormat)
        case unknown
    }

    public static func sniff<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Verdict {
        let head = Array(bytes.prefix(16))
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .supported(.jpeg) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .supported(.png) }
        // "\x89PNG" with mangled line-ending bytes: a PNG that went through a text-mode transfer.
        if starts([0x89, 0x50, 0x4E, 0x47]) { return .damaged(.png) }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .supported(.webp) }
        if starts(Array("GIF8".utf8)) { return .unsupported("GIF") }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            return .unsupported("TIFF")
        }
        if starts(Array("BM".utf8)) { return .unsupported("BMP") }
        if starts(Array("ftyp".utf8), at: 4) {
            let brand = head.count >= 12 ? String(decoding: head[8..<12], as: UTF8.self) : ""
            return .unsupported(brand.hasPrefix("avi") ? "AVIF" : "HEIF/ISO media")
        }
        if starts([0xFF, 0x0A]) || starts([0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) {
            return .unsupported("JPEG XL")
        }
        return .unknown
    }
}
