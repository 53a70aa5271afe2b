/// Edits of an EXIF TIFF block that keep everything else byte for byte: resetting the
/// orientation once it has been applied to the pixels, and scrubbing GPS.
public enum ExifEditor {
    /// The block with IFD0's Orientation set to `orientation` (when the tag is present).
    public static func settingOrientation(_ tiff: [UInt8], to orientation: Orientation) -> [UInt8] {
        guard let reader = TIFFReader(tiff[...]), let first = reader.firstDirectory,
            let (entries, _) = reader.directory(at: first),
            let entry = entries.first(where: { $0.tag == ExifSummary.Tag.orientation && $0.type == 3 })
        else { return tiff }
        var edited = tiff
        let value = orientation.rawValue
        edited[entry.valueOffset] = UInt8(reader.bigEndian ? 0 : value)
        edited[entry.valueOffset + 1] = UInt8(reader.bigEndian ? value : 0)
        return edited
    }

    /// The block with every GPS value zeroed and the GPS directory emptied: the location is gone,
    /// everything else keeps its offsets.
    public static func removingGPS(_ tiff: [UInt8]) -> [UInt8] {
        guard let reader = TIFFReader(tiff[...]), let first = reader.firstDirectory,
            let (entries, _) = reader.directory(at: first),
            let pointer = entries.first(where: { $0.tag == ExifSummary.Tag.gpsIFD }),
            let gpsOffset = reader.integer(pointer), let (gpsEntries, _) = reader.directory(at: gpsOffset)
        else { return tiff }
        var edited = tiff
        // TIFFReader hands out only entries and values that lie inside the block; the bounds
        // are clamped again here so that a reader change cannot turn into a trap.
        func clear(_ range: Range<Int>) {
            let inside = range.clamped(to: edited.indices)
            for index in inside { edited[index] = 0 }
        }
        for entry in gpsEntries {
            clear(entry.valueOffset..<(entry.valueOffset + TIFFReader.size(ofType: entry.type) * entry.count))
            clear(entry.entryOffset..<(entry.entryOffset + 12))
        }
        clear(gpsOffset..<(gpsOffset + 2))
        return edited
    }

    /// A new big-endian block holding only the given tags of IFD0.
    public static func minimal(
        orientation: Orientation? = nil, artist: String? = nil,
        copyright: String? = nil
    ) -> [UInt8]? {
        var entries: [(tag: Int, type: Int, value: [UInt8])] = []
        if let orientation { entries.append((ExifSummary.Tag.orientation, 3, [0, UInt8(orientation.rawValue)])) }
        if let artist { entries.append((ExifSummary.Tag.artist, 2, Array(artist.utf8) + [0])) }
        if let copyright { entries.append((ExifSummary.Tag.copyright, 2, Array(copyright.utf8) + [0])) }
        guard !entries.isEmpty else { return nil }
        func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func be32(_ value: Int) -> [UInt8] { be16(value >> 16) + be16(value & 0xFFFF) }
        var block: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A] + be32(8)
        var overflow: [UInt8] = []
        let overflowStart = 8 + 2 + entries.count * 12 + 4
        block += be16(entries.count)
        for entry in entries {
            block += be16(entry.tag) + be16(entry.type) + be32(entry.type == 3 ? 1 : entry.value.count)
            if entry.value.count <= 4 {
                block += entry.value + [UInt8](repeating: 0, count: 4 - entry.value.count)
            } else {
                block += be32(overflowStart + overflow.count)
                overflow += entry.value
                if overflow.count % 2 == 1 { overflow.append(0) }
            }
        }
        return block + be32(0) + overflow
    }
}
