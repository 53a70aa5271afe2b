/// Finds metadata blocks by walking a file's container (JPEG segments, PNG chunks, RIFF chunks)
/// without decoding any image data.
public enum MetadataReader {
    public static func read(_ data: [UInt8], format: ImageFormat) -> ImageMetadata {
        switch format {
        case .jpeg: jpeg(data)
        case .png: png(data)
        case .webp: webp(data)
        }
    }

    static func jpeg(_ data: [UInt8]) -> ImageMetadata {
        var metadata = ImageMetadata()
        for (marker, payload) in JPEGMarkers.headerSegments(in: data) {
            switch marker {
            case 0xE1 where payload.starts(with: EmbeddedMetadata.exifSignature) && metadata.exif == nil:
                metadata.exif = Array(payload.dropFirst(6))
            case 0xE1 where payload.starts(with: EmbeddedMetadata.xmpSignature) && metadata.xmp == nil:
                metadata.xmp = Array(payload.dropFirst(EmbeddedMetadata.xmpSignature.count))
            case 0xE2 where payload.starts(with: Array("ICC_PROFILE".utf8)):
                metadata.hasICC = true
            // The multi-picture index points at images after the end of this one, which no
            // output carries: it is part of the file's structure, not metadata to keep.
            case 0xE2 where payload.starts(with: Array("MPF".utf8) + [0]):
                break
            // A second EXIF or XMP block is no opaque segment: it may hold a GPS position that
            // nothing here looks at. It is never kept.
            case 0xE1
            where payload.starts(with: EmbeddedMetadata.exifSignature)
                || payload.starts(with: EmbeddedMetadata.xmpSignature):
                break
            case 0xED where metadata.iptc == nil:
                metadata.iptc = Array(payload)
            case 0xE1...0xED, 0xEF:
                metadata.applicationSegments.append(JPEGSegment(marker: marker, payload: Array(payload)))
            case 0xFE:
                metadata.comments.append(String(decoding: payload, as: UTF8.self))
            default:
                break  // APP0 JFIF and APP14 Adobe (the encoder writes its own), and the frame's tables
            }
        }
        return metadata
    }

    /// Text a file's compressed chunks may inflate to, all together: thousands of small zTXt
    /// chunks must not take a thousand times the file's size in memory.
    static let pngTextBudget = 32 << 20

    static func png(_ data: [UInt8]) -> ImageMetadata {
        var metadata = ImageMetadata()
        var budget = pngTextBudget
        var offset = 8
        while offset + 12 <= data.count {
            let length =
                Int(data[offset]) << 24 | Int(data[offset + 1]) << 16 | Int(data[offset + 2]) << 8
                | Int(data[offset + 3])
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let start = offset + 8
            guard length >= 0, start + length + 4 <= data.count else { break }
            let body = data[start..<(start + length)]
            switch type {
            case "eXIf":
                // Some writers keep JPEG's "Exif\0\0" prefix inside the chunk.
                metadata.exif = Array(body.starts(with: EmbeddedMetadata.exifSignature) ? body.dropFirst(6) : body)
            case "tIME":
                metadata.hasTimestamp = true
            case "iCCP":
                metadata.hasICC = true
            case "tEXt", "zTXt", "iTXt":
                guard let text = PNGText(type: type, body: body, limit: min(max(budget, 0), 16 << 20)) else {
                    let keyword = String(decoding: body.prefix { $0 != 0 }, as: UTF8.self)
                    metadata.textKeywords.append(keyword)
                    break
                }
                if type != "tEXt" { budget -= text.bytes.count }
                read(text, into: &metadata)
            case "IEND":
                return metadata
            default:
                break
            }
            offset = start + length + 4
        }
        return metadata
    }

    /// Where a PNG text chunk's contents go. XMP may come in any of the three chunk types (the
    /// standard's iTXt, or zTXt from older tools), ImageMagick's EXIF as a hexadecimal "raw
    /// profile"; Author and Copyright are noted for `--keep-metadata copyright`.
    private static func read(_ text: PNGText, into metadata: inout ImageMetadata) {
        switch text.keyword {
        case "XML:com.adobe.xmp", "Raw profile type xmp":
            if metadata.xmp == nil, let xmp = text.xmp {
                metadata.xmp = xmp
                return
            }
        case "Raw profile type exif", "Raw profile type APP1":
            if metadata.exif == nil, let exif = tiff(text.rawProfile) {
                metadata.exif = exif
                return
            }
        case "Comment":
            metadata.comments.append(text.string)
            return
        case "Author":
            metadata.textAuthor = metadata.textAuthor ?? text.string
        case "Copyright":
            metadata.textCopyright = metadata.textCopyright ?? text.string
        default:
            break
        }
        metadata.textKeywords.append(text.keyword)
    }

    /// An EXIF block as a TIFF structure, with JPEG's "Exif\0\0" prefix dropped if present.
    private static func tiff(_ block: [UInt8]?) -> [UInt8]? {
        guard var exif = block?[...] else { return nil }
        if exif.starts(with: EmbeddedMetadata.exifSignature) { exif = exif.dropFirst(6) }
        let littleEndian: [UInt8] = [0x49, 0x49, 0x2A, 0x00], bigEndian: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A]
        return exif.starts(with: littleEndian) || exif.starts(with: bigEndian) ? Array(exif) : nil
    }

    static func webp(_ data: [UInt8]) -> ImageMetadata {
        var metadata = ImageMetadata()
        for (type, body) in RIFFChunks(data).chunks {
            switch type {
            case "EXIF":
                // Some writers keep JPEG's "Exif\0\0" prefix inside the chunk.
                metadata.exif = Array(body.starts(with: EmbeddedMetadata.exifSignature) ? body.dropFirst(6) : body)
            case "XMP " where metadata.xmp == nil:
                metadata.xmp = Array(body)
            case "ICCP":
                metadata.hasICC = true
            default:
                break
            }
        }
        return metadata
    }
}
