/// Assembles a PNG file from already-compressed image data, in the chunk order the PNG
/// specification requires: IHDR; colour chunks (cHRM, gAMA, iCCP or sRGB); eXIf; PLTE; tRNS;
/// text; IDAT; IEND. libpng decodes what it writes in the tests and in every verification.
enum PNGWriter {
    struct Header {
        var width: Int
        var height: Int
        var bitDepth: Int
        var colorType: Int32
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func file(
        header: Header, palette: [UInt8]?, transparency: [UInt8]?, color: ColorInfo,
        metadata: EmbeddedMetadata, compressedImage: [UInt8]
    ) throws -> [UInt8] {
        var file = signature
        file.reserveCapacity(compressedImage.count + 1024)
        var ihdr = bigEndian(UInt32(header.width)) + bigEndian(UInt32(header.height))
        ihdr += [UInt8(header.bitDepth), UInt8(header.colorType), 0, 0, 0]
        append("IHDR", ihdr, to: &file)
        if let chromaticities = color.chromaticities, chromaticities.count == 8 {
            append("cHRM", chromaticities.flatMap { bigEndian(UInt32(($0 * 100_000).rounded())) }, to: &file)
        }
        if let gamma = color.gamma { append("gAMA", bigEndian(UInt32((gamma * 100_000).rounded())), to: &file) }
        if let profile = color.iccProfile, !profile.isEmpty {
            // Name, NUL, compression method 0 (deflate), then the zlib stream.
            let compressed = try Deflate.compress(profile, with: .libdeflate(level: 12))
            append("iCCP", Array("ICC profile".utf8) + [0, 0] + compressed, to: &file)
        } else if let intent = color.srgbIntent {
            append("sRGB", [UInt8(clamping: intent)], to: &file)  // iCCP and sRGB exclude each other
        }
        if let exif = metadata.exif, !exif.isEmpty { append("eXIf", exif, to: &file) }
        if let palette { append("PLTE", palette, to: &file) }
        if let transparency, !transparency.isEmpty { append("tRNS", transparency, to: &file) }
        if let xmp = metadata.xmp {
            // iTXt: keyword, NUL, not compressed (0), method 0, empty language and translated keyword.
            append("iTXt", Array("XML:com.adobe.xmp".utf8) + [0, 0, 0, 0, 0] + xmp, to: &file)
        }
        if !metadata.comments.isEmpty {
            // tEXt holds Latin-1; text beyond it goes into iTXt, which holds UTF-8.
            let text = metadata.comments.joined(separator: "\n")
            if text.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) {
                append("tEXt", Array("Comment".utf8) + [0] + text.unicodeScalars.map { UInt8($0.value) }, to: &file)
            } else {
                append("iTXt", Array("Comment".utf8) + [0, 0, 0, 0, 0] + Array(text.utf8), to: &file)
            }
        }
        append("IDAT", compressedImage, to: &file)
        append("IEND", [], to: &file)
        return file
    }

    private static func append(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        let typeAndData = Array(type.utf8) + data
        file += bigEndian(UInt32(data.count))
        file += typeAndData
        file += bigEndian(CRC32.checksum(typeAndData))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }
}
