/// Walks a JPEG's marker segments up to the start of scan, without decoding anything.
public enum JPEGMarkers {
    /// The payloads of every APPn segment with `marker` (0xE0 + n), in file order.
    public static func segments(_ marker: UInt8, in data: [UInt8]) -> [ArraySlice<UInt8>] {
        headerSegments(in: data).filter { $0.marker == marker }.map(\.payload)
    }

    /// Every segment before the first scan, in file order: marker code and payload.
    static func headerSegments(in data: [UInt8]) -> [(marker: UInt8, payload: ArraySlice<UInt8>)] {
        var found: [(marker: UInt8, payload: ArraySlice<UInt8>)] = []
        var offset = 2  // after SOI
        while offset + 4 <= data.count {
            guard data[offset] == 0xFF else { break }
            let type = data[offset + 1]
            if type == 0xFF { offset += 1; continue }  // fill byte
            if type == 0xD8 || (0xD0...0xD7).contains(type) { offset += 2; continue }
            if type == 0xDA || type == 0xD9 { break }  // start of scan or end: no more headers
            let length = Int(data[offset + 2]) << 8 | Int(data[offset + 3])
            guard length >= 2, offset + 2 + length <= data.count else { break }
            found.append((type, data[(offset + 4)..<(offset + 2 + length)]))
            offset += 2 + length
        }
        return found
    }

    /// The file size less its APPn and COM segments: what the image data itself takes.
    public static func entropyCodedSize(of data: [UInt8]) -> Int {
        let metadata = headerSegments(in: data).filter { (0xE0...0xEF).contains($0.marker) || $0.marker == 0xFE }
        return data.count - metadata.reduce(0) { $0 + $1.payload.count + 4 }
    }

    /// The EXIF orientation of a JPEG, from its first APP1 "Exif" segment.
    public static func orientation(in data: [UInt8]) -> Orientation? {
        let exifHeader = Array("Exif".utf8) + [0, 0]
        for segment in segments(0xE1, in: data) where segment.starts(with: exifHeader) {
            return ExifReader.orientation(inTIFF: segment.dropFirst(6))
        }
        return nil
    }
}
