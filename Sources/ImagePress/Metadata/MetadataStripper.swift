/// Removes metadata from a file's container without touching its image data: the fallback when
/// re-encoding does not make a file smaller, so that keeping the original never means keeping
/// its GPS position. Kept blocks (per the policy) stay byte for byte; `exif`, when given,
/// replaces the EXIF block (a scrubbed or minimal one) and is otherwise dropped.
enum MetadataStripper {
    struct Plan {
        var exif: [UInt8]?
        /// The XMP packet to keep: the one MetadataReader found first and the policy checked
        /// (for GPS under --strip-gps). Only the block holding exactly it stays, once; any other
        /// XMP block goes, since nothing looked inside it.
        var xmp: [UInt8]?
        var keepIPTC: Bool
        var keepComments: Bool
        var keepICC: Bool
        /// JPEG: the application segments to keep (`EmbeddedMetadata.applicationSegments`),
        /// matched byte for byte; every other one goes.
        var applicationSegments: [JPEGSegment] = []
    }

    static func strip(_ data: [UInt8], format: ImageFormat, plan: Plan) -> [UInt8]? {
        switch format {
        case .jpeg: jpeg(data, plan)
        case .png: png(data, plan)
        case .webp: webp(data, plan)
        }
    }

    // MARK: JPEG

    private static func jpeg(_ data: [UInt8], _ plan: Plan) -> [UInt8]? {
        var out: [UInt8] = [0xFF, 0xD8]
        var offset = 2
        var exifWritten = false
        var xmpKept = false
        func writeExif() {
            guard let exif = plan.exif, !exifWritten else { return }
            let payload = EmbeddedMetadata.exifSignature + exif
            guard payload.count <= 65_533 else { return }
            out += [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
            exifWritten = true
        }
        var photoshopSeen = false
        func listed(_ marker: UInt8, _ payload: ArraySlice<UInt8>) -> Bool {
            plan.applicationSegments.contains { $0.marker == marker && $0.payload.elementsEqual(payload) }
        }
        while offset + 4 <= data.count {
            guard data[offset] == 0xFF else { return nil }
            let type = data[offset + 1]
            // EXIF goes right after SOI, or after a JFIF APP0, which JFIF wants first.
            if type != 0xE0 { writeExif() }
            if type == 0xDA {  // start of scan: the rest is image data, copied as it is
                out += data[offset...]
                return out
            }
            let length = Int(data[offset + 2]) << 8 | Int(data[offset + 3])
            guard length >= 2, offset + 2 + length <= data.count else { return nil }
            let segment = data[offset..<(offset + 2 + length)]
            let payload = segment.dropFirst(4)
            var keep = true
            switch type {
            case 0xE1:
                keep = !xmpKept && plan.xmp.map { payload.elementsEqual(EmbeddedMetadata.xmpSignature + $0) } ?? false
                if keep { xmpKept = true } else { keep = listed(type, payload) }
            case 0xE2:
                keep = payload.starts(with: Array("ICC_PROFILE".utf8)) ? plan.keepICC : listed(type, payload)
            case 0xED:
                // The first APP13 is the IPTC block; later ones are application segments.
                keep = photoshopSeen ? listed(type, payload) : plan.keepIPTC
                photoshopSeen = true
            case 0xFE:
                keep = plan.keepComments
            case 0xE3...0xEC, 0xEF:
                keep = listed(type, payload)  // maker and program blocks (APP14 Adobe stays: it defines CMYK)
            default:
                keep = true  // APP0 JFIF, APP14, DQT, DHT, SOF, DRI, ...
            }
            if keep { out += segment }
            offset += 2 + length
        }
        return nil
    }

    // MARK: PNG

    private static func png(_ data: [UInt8], _ plan: Plan) -> [UInt8]? {
        var out = Array(data.prefix(8))
        var offset = 8
        var exifWritten = plan.exif == nil
        var xmpKept = false
        while offset + 12 <= data.count {
            let length =
                Int(data[offset]) << 24 | Int(data[offset + 1]) << 16 | Int(data[offset + 2]) << 8
                | Int(data[offset + 3])
            guard offset + 12 + length <= data.count else { return nil }
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let chunk = data[offset..<(offset + 12 + length)]
            switch type {
            case "eXIf", "tIME":
                break
            case "tEXt", "zTXt", "iTXt":
                // Kept XMP and comments stay in whichever text chunk holds them (MetadataReader
                // reads the same ones); every other text chunk goes.
                let text = PNGText(type: type, body: chunk.dropFirst(8).dropLast(4))
                if !xmpKept, let xmp = text?.xmp, xmp == plan.xmp {
                    out += chunk
                    xmpKept = true
                } else if text?.keyword == "Comment" && plan.keepComments {
                    out += chunk
                }
            case "iCCP":
                if plan.keepICC { out += chunk }
            case "IDAT":
                if !exifWritten, let exif = plan.exif {  // eXIf must precede the image data
                    out += pngChunk("eXIf", exif)
                    exifWritten = true
                }
                out += chunk
            case "IEND":
                out += chunk
                return out
            default:
                out += chunk
            }
            offset += 12 + length
        }
        return nil
    }

    static func pngChunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        let length = body.count
        let crc = CRC32.checksum(typeBytes + body)
        return [
            UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
        ]
            + typeBytes + body
            + [UInt8(crc >> 24 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
    }

    // MARK: WebP

    private static func webp(_ data: [UInt8], _ plan: Plan) -> [UInt8]? {
        let walk = RIFFChunks(data)
        guard walk.overrun == nil else { return nil }
        let chunks = walk.chunks
        // Simple files (VP8 or VP8L alone) carry no metadata; only extended ones are rewritten.
        guard let first = chunks.first, first.type == "VP8X", first.body.count >= 10 else { return nil }
        var kept: [(String, [UInt8])] = []
        var flags = first.body[first.body.startIndex]
        var xmpKept = false
        for chunk in chunks.dropFirst() {
            switch chunk.type {
            case "EXIF":
                if let exif = plan.exif { kept.append(("EXIF", exif)) } else { flags &= ~0x08 }
            case "XMP ":
                if !xmpKept, let xmp = plan.xmp, chunk.body.elementsEqual(xmp) {
                    kept.append(("XMP ", xmp))
                    xmpKept = true
                }
            case "ICCP":
                if plan.keepICC { kept.append(("ICCP", Array(chunk.body))) } else { flags &= ~0x20 }
            default:
                kept.append((chunk.type, Array(chunk.body)))
            }
        }
        if !xmpKept { flags &= ~0x04 }
        var header = Array(first.body)
        header[0] = flags
        var body = Array("WEBP".utf8) + webpChunk("VP8X", header)
        for (type, chunk) in kept { body += webpChunk(type, chunk) }
        let size = body.count
        return Array("RIFF".utf8) + [
            UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF),
            UInt8(size >> 24 & 0xFF),
        ] + body
    }

    private static func webpChunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let size = body.count
        return Array(type.utf8) + [
            UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF),
            UInt8(size >> 24 & 0xFF),
        ] + body + (size & 1 == 1 ? [0] : [])
    }
}
