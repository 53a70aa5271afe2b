import TOMLKit

/// Reads imgpress.toml with TOMLKit and checks every key and value; anything unknown or of the
/// wrong kind is an error naming the key and its line.
public enum ConfigLoader {
    public static func load(_ path: String) throws(ConfigError) -> ProjectConfig {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path)
        } catch {
            throw ConfigError(file: path, line: nil, message: "\(error)")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                file: path, line: error.source.begin.line, message: "not valid TOML: \(error.description)")
        } catch {
            throw ConfigError(file: path, line: nil, message: "not valid TOML: \(error)")
        }
        let context = Context(file: path, lines: lines)
        var defaults = SettingsPatch()
        var overrides: [ProjectConfig.Override] = []
        var ignore: [GlobPattern] = []
        for key in table.keys {
            let value = table[key]!
            switch key {
            case "ignore":
                guard let array = value.array else { throw context.error(key, "must be an array of globs") }
                for item in array {
                    guard let glob = item.string else { throw context.error(key, "must be an array of glob strings") }
                    ignore.append(GlobPattern(glob))
                }
            case "overrides":
                guard let globs = value.table else {
                    throw context.error(key, "must be a table of \"glob\" = { settings }")
                }
                for glob in globs.keys {
                    guard let settings = globs[glob]!.table else {
                        throw context.error(glob, "an override takes a table of settings, e.g. { quality = 75 }")
                    }
                    let patch = try readPatch(settings, context: context)
                    overrides.append(.init(glob: GlobPattern(glob), patch: patch, line: context.line(of: glob) ?? 0))
                }
            default:
                try read(key, value, into: &defaults, context: context)
            }
        }
        overrides.sort { $0.line < $1.line }
        return ProjectConfig(
            path: path, root: FileIO.parentFolder(of: PathTools.absolute(path)), defaults: defaults,
            overrides: overrides, ignore: ignore)
    }

    private static func readPatch(_ table: TOMLTable, context: Context) throws(ConfigError) -> SettingsPatch {
        var patch = SettingsPatch()
        for key in table.keys { try read(key, table[key]!, into: &patch, context: context) }
        return patch
    }

    private static func read(
        _ key: String, _ value: any TOMLValueConvertible, into patch: inout SettingsPatch,
        context: Context
    ) throws(ConfigError) {
        guard let expected = SettingsPatch.keys[key] else {
            throw context.error(
                key,
                "unknown key '\(key)' (known: \(SettingsPatch.keys.keys.sorted().joined(separator: ", ")), ignore, overrides)"
            )
        }
        let wrong = context.error(key, "'\(key)' takes \(expected)")
        switch key {
        case "format":
            guard let text = value.string, let format = ImageFormat(fileExtension: text) else { throw wrong }
            patch.format = format
        case "quality":
            if let number = value.int, (0...100).contains(number) {
                patch.quality = number
            } else if let text = value.string, QualityRange.isRange(text), let range = QualityRange(parsing: text) {
                patch.qualityRange = range
            } else {
                throw wrong
            }
        case "lossy":
            guard let flag = value.bool else { throw wrong }
            patch.lossyPNG = flag
        case "lossless":
            guard let flag = value.bool else { throw wrong }
            patch.lossless = flag
        case "subsampling":
            let text = value.string ?? value.int.map(String.init)
            guard let text, let subsampling = ChromaSubsampling(rawValue: text) else { throw wrong }
            patch.subsampling = subsampling
        case "baseline":
            guard let flag = value.bool else { throw wrong }
            patch.baseline = flag
        case "background":
            guard let text = value.string, let color = RGBColor(parsing: text) else { throw wrong }
            patch.background = color
        case "max-pixels":
            guard let number = value.int, number > 0 else { throw wrong }
            patch.maxPixels = number
        case "min-saving":
            guard let text = value.string, let saving = MinimumSaving(parsing: text) else { throw wrong }
            patch.minimumSaving = saving
        case "keep-metadata":
            guard let text = value.string, let policy = MetadataPolicy(parsing: text) else { throw wrong }
            patch.metadata = policy
        case "strip-gps":
            guard let flag = value.bool else { throw wrong }
            patch.stripGPS = flag
        case "clean-alpha":
            guard let flag = value.bool else { throw wrong }
            patch.cleanAlpha = flag
        case "srgb":
            guard let flag = value.bool else { throw wrong }
            patch.convertToSRGB = flag
        case "effort":
            guard let number = value.int, PNGEffort.range.contains(number) else { throw wrong }
            patch.effort = number
        case "webp-method":
            guard let number = value.int, (0...6).contains(number) else { throw wrong }
            patch.webpMethod = number
        default:
            throw wrong
        }
    }

    /// Finds where keys stand, since TOMLKit reports lines only for syntax errors.
    struct Context {
        var file: String
        var lines: [String]

        func error(_ key: String, _ message: String) -> ConfigError {
            ConfigError(file: file, line: line(of: key), message: message)
        }

        /// The first line where `key` (bare or quoted) is followed by "=".
        func line(of key: String) -> Int? {
            for (index, line) in lines.enumerated() {
                for token in [key, "\"\(key)\"", "'\(key)'"] where Self.assigns(token, in: line) { return index + 1 }
            }
            return nil
        }

        private static func assigns(_ token: String, in line: String) -> Bool {
            let text = Array(line)
            let pattern = Array(token)
            guard pattern.count <= text.count else { return false }
            for start in 0...(text.count - pattern.count) where Array(text[start..<start + pattern.count]) == pattern {
                let before = start == 0 ? " " : text[start - 1]
                guard " \t{,".contains(before) else { continue }
                var after = start + pattern.count
                while after < text.count && (text[after] == " " || text[after] == "\t") { after += 1 }
                if after < text.count && text[after] == "=" { return true }
            }
            return false
        }
    }
}
