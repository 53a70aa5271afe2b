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
        for segment in JPEGMarkers.segments(0xE1, in: data) {
            if segment.starts(with: EmbeddedMetadata.exifSignature), metadata.exif == nil {
                metadata.exif = Array(segment.dropFirst(6))
            } else if segment.starts(with: EmbeddedMetadata.xmpSignature), metadata.xmp == nil {
                metadata.xmp = Array(segment.dropFirst(EmbeddedMetadata.xmpSignature.count))
            }
        }
        if let photoshop = JPEGMarkers.segments(0xED, in: data).first { metadata.iptc = Array(photoshop) }
        metadata.hasICC = JPEGMarkers.segments(0xE2, in: data).contains { $0.starts(with: Array("ICC_PROFILE".utf8)) }
        metadata.comments = JPEGMarkers.segments(0xFE, in: data).map { String(decoding: $0, as: UTF8.self) }
        return metadata
    }

    static func png(_ data: [UInt8]) -> ImageMetadata {
        var metadata = ImageMetadata()
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
                metadata.exif = Array(body)
            case "tIME":
                metadata.hasTimestamp = true
            case "iCCP":
                metadata.hasICC = true
            case "tEXt", "zTXt", "iTXt":
                let keyword = String(decoding: body.prefix { $0 != 0 }, as: UTF8.self)
                let rest = body.dropFirst(keyword.utf8.count + 1)
                if type == "iTXt" && keyword == "XML:com.adobe.xmp", rest.first == 0 {
                    // Uncompressed iTXt: flag, method, language\0, translated keyword\0, text.
                    var text = rest.dropFirst(2)
                    for _ in 0..<2 { text = text.drop { $0 != 0 }.dropFirst() }
                    metadata.xmp = Array(text)
                } else if type == "tEXt" && keyword == "Comment" {
                    metadata.comments.append(String(decoding: rest, as: UTF8.self))
                } else {
                    metadata.textKeywords.append(keyword)
                }
            case "IEND":
                return metadata
            default:
                break
            }
            offset = start + length + 4
        }
        return metadata
    }

    static func webp(_ data: [UInt8]) -> ImageMetadata {
        var metadata = ImageMetadata()
        for (type, body) in RIFFChunks(data).chunks {
            switch type {
            case "EXIF":
                // Some writers keep JPEG's "Exif\0\0" prefix inside the chunk.
                metadata.exif = Array(body.starts(with: EmbeddedMetadata.exifSignature) ? body.dropFirst(6) : body)
            case "XMP ":
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
