/// The last look at an output before it may replace anything: its container must be whole. A
/// JPEG runs from SOI through a frame header and its scans to EOI, a PNG from its signature
/// through IHDR and IDAT to IEND with every chunk inside the bytes, a WebP's RIFF size matches
/// the bytes and its chunks fill them exactly. A bug, here or in a library, that left an empty
/// or cut-off buffer then fails that one file ("nothing written") instead of putting a broken
/// file where the user's was. It walks the structure only (well under a millisecond for a
/// large photo); the lossless paths also decode their output and compare the pixels.
enum OutputCompleteness {
    static func check(_ bytes: [UInt8], format: ImageFormat) throws {
        let problem: String? =
            switch format {
            case .jpeg: jpegProblem(bytes)
            case .png: pngProblem(bytes)
            case .webp: webpProblem(bytes)
            }
        if let problem {
            throw ImagePressError.incompleteOutput(format: format, detail: problem)
        }
    }

    static func jpegProblem(_ bytes: [UInt8]) -> String? {
        guard bytes.starts(with: [0xFF, 0xD8]) else { return "no SOI marker" }
        var offset = 2
        var sawFrame = false
        while true {
            // Markers may be padded with fill bytes (0xFF).
            guard offset < bytes.count, bytes[offset] == 0xFF else { return "a marker is missing at byte \(offset)" }
            while offset < bytes.count && bytes[offset] == 0xFF { offset += 1 }
            guard offset < bytes.count else { return "it ends inside a marker" }
            let type = bytes[offset]
            offset += 1
            if type == 0xD9 { return sawFrame ? nil : "no frame header before EOI" }
            if (0xD0...0xD7).contains(type) || type == 0x01 { continue }  // no length
            guard offset + 2 <= bytes.count else { return "it ends inside a marker" }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            guard length >= 2, offset + length <= bytes.count else { return "a segment runs past the end" }
            offset += length
            // SOF0-15 less DHT, JPG and DAC.
            if (0xC0...0xCF).contains(type) && ![0xC4, 0xC8, 0xCC].contains(type) { sawFrame = true }
            guard type == 0xDA else { continue }
            guard sawFrame else { return "a scan before the frame header" }
            // Entropy-coded data runs to the next marker that is not a stuffed byte or a restart.
            while offset + 1 < bytes.count {
                if bytes[offset] == 0xFF, bytes[offset + 1] != 0x00, !(0xD0...0xD7).contains(bytes[offset + 1]) {
                    break
                }
                offset += 1
            }
            guard offset + 1 < bytes.count else { return "no EOI marker" }
        }
    }

    static func pngProblem(_ bytes: [UInt8]) -> String? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.starts(with: signature) else { return "no PNG signature" }
        var offset = signature.count
        var sawData = false
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            guard offset + 12 + length <= bytes.count else { return "the \(type) chunk runs past the end" }
            if offset == signature.count && type != "IHDR" { return "the first chunk is not IHDR" }
            if type == "IDAT" { sawData = true }
            if type == "IEND" { return sawData ? nil : "no IDAT chunk" }
            offset += 12 + length
        }
        return "no IEND chunk"
    }

    static func webpProblem(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 20, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) else {
            return "no RIFF WEBP header"
        }
        let declared = bytes[4..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        guard declared + 8 == bytes.count else { return "the RIFF size says \(declared + 8) bytes, not \(bytes.count)" }
        let walk = RIFFChunks(bytes)
        if let type = walk.overrun { return "the \(type) chunk runs past the end" }
        guard walk.end == bytes.count else { return "bytes left over after the last chunk" }
        let sawImage = walk.chunks.contains { $0.type == "VP8 " || $0.type == "VP8L" }
        return sawImage ? nil : "no image chunk"
    }
}
