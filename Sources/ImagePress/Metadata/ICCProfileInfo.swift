/// Reads the human-readable description of an ICC profile (the 'desc' tag: v2 textDescription
/// or v4 multiLocalizedUnicode), e.g. "sRGB IEC61966-2.1" or "Display P3".
public enum ICCProfileInfo {
    public static func description(of profile: [UInt8]) -> String? {
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= profile.count else { return nil }
            return Int(profile[at]) << 24 | Int(profile[at + 1]) << 16 | Int(profile[at + 2]) << 8
                | Int(profile[at + 3])
        }
        guard let count = u32(128), count < 1000 else { return nil }
        for index in 0..<count {
            let entry = 132 + index * 12
            guard let offset = u32(entry + 4), let size = u32(entry + 8), offset + size <= profile.count,
                profile.count >= entry + 4, Array(profile[entry..<(entry + 4)]) == Array("desc".utf8), size >= 12
            else { continue }
            let type = String(decoding: profile[offset..<(offset + 4)], as: UTF8.self)
            if type == "desc", let length = u32(offset + 8), offset + 12 + length <= profile.count {
                let text = profile[(offset + 12)..<(offset + 12 + length)].prefix { $0 != 0 }
                return String(decoding: text, as: UTF8.self)
            }
            if type == "mluc", let records = u32(offset + 8), records > 0, let length = u32(offset + 20),
                let start = u32(offset + 24), offset + start + length <= profile.count
            {
                var units: [UInt16] = []
                var at = offset + start
                while at + 1 < offset + start + length {
                    units.append(UInt16(profile[at]) << 8 | UInt16(profile[at + 1]))
                    at += 2
                }
                return String(decoding: units, as: UTF16.self).trimmingSpaces()
            }
        }
        return nil
    }

    /// The header's data colour space signature, e.g. "RGB ", "GRAY", "CMYK".
    public static func colorSpace(of profile: [UInt8]) -> String? {
        guard profile.count >= 20 else { return nil }
        return String(decoding: profile[16..<20], as: UTF8.self)
    }

    /// The header's rendering intent (0 perceptual, 1 relative, 2 saturation, 3 absolute).
    public static func renderingIntent(of profile: [UInt8]) -> Int {
        guard profile.count >= 68 else { return 0 }
        return Int(profile[67] & 3)
    }

    /// Profiles whose description names sRGB: the ones a viewer would assume anyway.
    public static func isSRGB(_ profile: [UInt8]) -> Bool {
        description(of: profile)?.lowercased().contains("srgb") ?? false
    }
}
