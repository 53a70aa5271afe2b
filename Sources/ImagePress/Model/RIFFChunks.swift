/// The chunks of a RIFF file (WebP) after its 12-byte "RIFF size WEBP" header, in order, as far
/// as they fit in the bytes: one walk for the metadata reader, the stripper, the quality
/// estimate and the completeness check.
struct RIFFChunks {
    typealias Chunk = (type: String, body: ArraySlice<UInt8>)

    var chunks: [Chunk] = []
    /// The type of a chunk whose declared size runs past the end (the walk stops there).
    var overrun: String?
    /// Where the walk stopped: after the last whole chunk and its padding byte.
    var end = 12

    init(_ data: [UInt8]) {
        while end + 8 <= data.count {
            let type = String(decoding: data[end..<(end + 4)], as: UTF8.self)
            let size =
                Int(data[end + 4]) | Int(data[end + 5]) << 8 | Int(data[end + 6]) << 16 | Int(data[end + 7]) << 24
            guard end + 8 + size <= data.count else {
                overrun = type
                return
            }
            chunks.append((type, data[(end + 8)..<(end + 8 + size)]))
            end += 8 + size + (size & 1)
        }
    }
}
