/// Estimates the quality a lossy WebP was saved with, from the quantizer indices in its VP8
/// frame header (RFC 6386, 9.3 and 9.6): the mean of the segments' luma AC indices, turned back
/// into a quality with libwebp's mapping (quality -> c = ((2/3)q or 2q - 1)^(1/3), index =
/// 127 (1 - c), per src/enc/quant_enc.c; the segments' spread around it averages out).
/// Used as JPEGQuality is: a lossy WebP is re-encoded only when it was saved well above the
/// requested quality, so re-running on our own output changes nothing (it shrank 12.7 % and
/// then 6.3 % more on two runs before, each a generation of loss).
public enum WebPQuality {
    public static func estimate(_ data: [UInt8]) -> Int? {
        guard let frame = vp8Frame(in: data), let index = meanQuantizerIndex(frame) else { return nil }
        let c = 1 - index / 127
        let linear = c * c * c
        let quality = linear < 0.5 ? linear * 1.5 : (linear + 1) / 2
        return Int((quality * 100).rounded())
    }

    /// The payload of the first "VP8 " chunk (lossy image data), also inside a VP8X file.
    static func vp8Frame(in data: [UInt8]) -> ArraySlice<UInt8>? {
        guard data.count >= 20, data.starts(with: Array("RIFF".utf8)), data[8..<12].elementsEqual("WEBP".utf8)
        else { return nil }
        return RIFFChunks(data).chunks.first { $0.type == "VP8 " }?.body
    }

    /// Reads a key frame's header up to its quantizer indices.
    static func meanQuantizerIndex(_ frame: ArraySlice<UInt8>) -> Double? {
        let bytes = Array(frame)
        // Frame tag (3 bytes; bit 0 clear for a key frame), start code, width and height.
        guard bytes.count > 12, bytes[0] & 1 == 0, bytes[3] == 0x9D, bytes[4] == 0x01, bytes[5] == 0x2A else {
            return nil
        }
        var header = BoolDecoder(bytes[10...])
        _ = header.literal(2)  // colour space, clamping type
        var segmentIndices: [Int]? = nil
        var absolute = false
        if header.flag() {  // segmentation enabled
            let updateMap = header.flag()
            if header.flag() {  // update segment feature data
                absolute = header.flag()
                segmentIndices = (0..<4).map { _ in header.flag() ? header.signed(7) : 0 }
                for _ in 0..<4 where header.flag() { _ = header.signed(6) }  // loop filter levels
            }
            if updateMap { for _ in 0..<3 where header.flag() { _ = header.literal(8) } }
        }
        _ = header.literal(1 + 6 + 3)  // filter type, level, sharpness
        if header.flag() && header.flag() {  // loop filter deltas enabled and updated
            for _ in 0..<8 where header.flag() { _ = header.signed(6) }
        }
        _ = header.literal(2)  // token partitions
        let base = header.literal(7)
        guard !header.overran else { return nil }
        guard let segmentIndices else { return Double(base) }
        let indices = segmentIndices.map { min(max(absolute ? $0 : base + $0, 0), 127) }
        return Double(indices.reduce(0, +)) / Double(indices.count)
    }

    /// VP8's boolean entropy decoder (RFC 6386, section 7.3), for header fields at probability
    /// one half.
    struct BoolDecoder {
        private let bytes: ArraySlice<UInt8>
        private var position: Int
        private var value: UInt32 = 0
        private var range: UInt32 = 255
        private var bitCount = 0
        private(set) var overran = false

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
            value = UInt32(nextByte()) << 8 | UInt32(nextByte())
        }

        private mutating func nextByte() -> UInt8 {
            guard position < bytes.endIndex else {
                overran = true
                return 0
            }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func flag() -> Bool {
            let split = 1 + ((range - 1) * 128) >> 8
            let bigSplit = split << 8
            let bit: Bool
            if value >= bigSplit {
                bit = true
                range -= split
                value -= bigSplit
            } else {
                bit = false
                range = split
            }
            while range < 128 {
                value <<= 1
                range <<= 1
                bitCount += 1
                if bitCount == 8 {
                    bitCount = 0
                    value |= UInt32(nextByte())
                }
            }
            return bit
        }

        /// An n-bit unsigned field, most significant bit first.
        mutating func literal(_ bits: Int) -> Int {
            (0..<bits).reduce(0) { result, _ in result << 1 | (flag() ? 1 : 0) }
        }

        /// An n-bit magnitude followed by its sign.
        mutating func signed(_ bits: Int) -> Int {
            let magnitude = literal(bits)
            return flag() ? -magnitude : magnitude
        }
    }
}
