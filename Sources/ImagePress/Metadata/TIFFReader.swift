/// Reads the directories (IFDs) of a TIFF structure, as EXIF stores them after "Exif\0\0".
/// Every offset is bounds-checked: metadata is untrusted input, and a damaged block yields
/// fewer entries, never a crash.
public struct TIFFReader: Sendable {
    public struct Entry: Sendable, Equatable {
        public var tag: Int
        public var type: Int
        public var count: Int
        /// Where the value's bytes start in the block (inline values point into the entry).
        public var valueOffset: Int
        /// Where the entry itself starts (for patching inline values).
        public var entryOffset: Int
    }

    public let bytes: [UInt8]
    public let bigEndian: Bool

    public init?(_ block: ArraySlice<UInt8>) {
        bytes = Array(block)
        guard bytes.count >= 8 else { return nil }
        switch (bytes[0], bytes[1]) {
        case (0x4D, 0x4D): bigEndian = true
        case (0x49, 0x49): bigEndian = false
        default: return nil
        }
        guard u16(2) == 42 else { return nil }
    }

    public func u16(_ at: Int) -> Int? {
        guard at >= 0, at + 2 <= bytes.count else { return nil }
        return bigEndian ? Int(bytes[at]) << 8 | Int(bytes[at + 1]) : Int(bytes[at + 1]) << 8 | Int(bytes[at])
    }

    public func u32(_ at: Int) -> Int? {
        guard let first = u16(at), let second = u16(at + 2) else { return nil }
        return bigEndian ? first << 16 | second : second << 16 | first
    }

    /// Offset of IFD0.
    public var firstDirectory: Int? { u32(4) }

    static func size(ofType type: Int) -> Int {
        switch type {
        case 1, 2, 6, 7: 1  // BYTE, ASCII, SBYTE, UNDEFINED
        case 3, 8: 2  // SHORT, SSHORT
        case 4, 9, 11: 4  // LONG, SLONG, FLOAT
        case 5, 10, 12: 8  // RATIONAL, SRATIONAL, DOUBLE
        default: 0
        }
    }

    /// The entries of the directory at `offset`, and the offset of the next one (0 for none).
    public func directory(at offset: Int) -> (entries: [Entry], next: Int)? {
        guard let count = u16(offset), count < 1000 else { return nil }
        var entries: [Entry] = []
        for index in 0..<count {
            let base = offset + 2 + index * 12
            // A whole 12-byte entry, not only the part read here: editors rewrite entries whole.
            guard base + 12 <= bytes.count, let tag = u16(base), let type = u16(base + 2), let valueCount = u32(base + 4)
            else { break }
            let size = Self.size(ofType: type) * valueCount
            let valueOffset = size <= 4 ? base + 8 : (u32(base + 8) ?? -1)
            guard valueOffset >= 0, valueOffset + size <= bytes.count else { continue }
            entries.append(Entry(tag: tag, type: type, count: valueCount, valueOffset: valueOffset, entryOffset: base))
        }
        return (entries, u32(offset + 2 + count * 12) ?? 0)
    }

    public func string(_ entry: Entry) -> String? {
        guard entry.type == 2 || entry.type == 7 else { return nil }
        let raw = bytes[entry.valueOffset..<entry.valueOffset + entry.count].prefix { $0 != 0 }
        let text = String(decoding: raw, as: UTF8.self).trimmingSpaces()
        return text.isEmpty ? nil : text
    }

    public func integer(_ entry: Entry) -> Int? {
        switch entry.type {
        case 3: u16(entry.valueOffset)
        case 4: u32(entry.valueOffset)
        default: nil
        }
    }

    /// RATIONAL values as doubles.
    public func rationals(_ entry: Entry) -> [Double] {
        guard entry.type == 5 else { return [] }
        return (0..<entry.count).compactMap { index in
            guard let numerator = u32(entry.valueOffset + 8 * index),
                let denominator = u32(entry.valueOffset + 8 * index + 4), denominator != 0
            else { return nil }
            return Double(numerator) / Double(denominator)
        }
    }
}
