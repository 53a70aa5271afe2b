/// One PNG text chunk (tEXt, zTXt or iTXt), its text inflated when the chunk is compressed.
struct PNGText {
    let keyword: String
    /// The text as stored: Latin-1 for tEXt and zTXt, UTF-8 for iTXt.
    let bytes: [UInt8]
    let isUTF8: Bool

    /// nil when the chunk is malformed, or its compressed text does not inflate within `limit`
    /// bytes.
    init?(type: String, body: ArraySlice<UInt8>, limit: Int = 16 << 20) {
        guard let end = body.firstIndex(of: 0), end > body.startIndex else { return nil }
        keyword = String(decoding: body[body.startIndex..<end], as: UTF8.self)
        var rest = body[(end + 1)...]
        switch type {
        case "tEXt":
            bytes = Array(rest)
            isUTF8 = false
        case "zTXt":
            // Compression method (0, zlib), then the stream.
            guard rest.first == 0, let text = Deflate.inflate(rest.dropFirst(), limit: limit) else { return nil }
            bytes = text
            isUTF8 = false
        case "iTXt":
            // Compression flag, method, language tag NUL, translated keyword NUL, text.
            guard rest.count >= 2 else { return nil }
            let compressed = rest[rest.startIndex] == 1
            rest = rest.dropFirst(2)
            for _ in 0..<2 {
                guard let nul = rest.firstIndex(of: 0) else { return nil }
                rest = rest[(nul + 1)...]
            }
            guard let text = compressed ? Deflate.inflate(rest, limit: limit) : Array(rest) else { return nil }
            bytes = text
            isUTF8 = true
        default:
            return nil
        }
    }

    var string: String {
        isUTF8 ? String(decoding: bytes, as: UTF8.self) : String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// The XMP packet this chunk holds: under XMP's own keyword, or as ImageMagick's raw profile.
    var xmp: [UInt8]? {
        switch keyword {
        case "XML:com.adobe.xmp": bytes
        case "Raw profile type xmp": rawProfile
        default: nil
        }
    }

    /// ImageMagick keeps profiles it has no chunk for as text ("Raw profile type exif", "…xmp"):
    /// a newline, the profile's name, its length in bytes, then the bytes in hexadecimal. The
    /// decoded bytes, or nil when the text is not in that form.
    var rawProfile: [UInt8]? {
        let fields = bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x20 || $0 == 0x0D || $0 == 0x09 })
        // Two hexadecimal digits a byte: a length the text cannot hold is a damaged (or hostile)
        // chunk, and must not size an allocation.
        guard fields.count >= 2, let length = Int(String(decoding: fields[1], as: UTF8.self)), length > 0,
            length <= bytes.count / 2
        else { return nil }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(length)
        var high: UInt8?
        for field in fields.dropFirst(2) {
            for character in field {
                guard let nibble = Self.hexValue(character) else { return nil }
                if let pending = high {
                    decoded.append(pending << 4 | nibble)
                    high = nil
                } else {
                    high = nibble
                }
            }
        }
        return decoded.count == length && high == nil ? decoded : nil
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case 0x30...0x39: character - 0x30
        case 0x41...0x46: character - 0x41 + 10
        case 0x61...0x66: character - 0x61 + 10
        default: nil
        }
    }
}
