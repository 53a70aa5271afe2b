/// Reads imgpress.toml (with `TOMLReader`) and checks every key and value; anything unknown or
/// of the wrong kind is an error naming the key and its line.
public enum ConfigLoader {
    public static func load(_ path: String) throws(ConfigError) -> ProjectConfig {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path)
        } catch {
            throw ConfigError(file: path, line: nil, message: "\(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(file: path, line: nil, message: "not valid TOML: the file is not UTF-8 text")
        }
        let table: TOMLTable
        do {
            table = try TOMLReader.parse(text)
        } catch {
            throw ConfigError(file: path, line: error.line, message: "not valid TOML: \(error.message)")
        }
        var defaults = SettingsPatch()
        var overrides: [ProjectConfig.Override] = []
        var ignore: [GlobPattern] = []
        for entry in table.entries {
            let fail = { (message: String) in ConfigError(file: path, line: entry.line, message: message) }
            switch entry.key {
            case "ignore":
                guard let array = entry.value.array else {
                    throw fail("'ignore' takes an array of globs, e.g. [\"vendor/**\"]")
                }
                for item in array {
                    guard let glob = item.string else { throw fail("'ignore' takes an array of glob strings") }
                    ignore.append(GlobPattern(glob))
                }
            case "overrides":
                guard let globs = entry.value.table else {
                    throw fail("'overrides' takes a table of \"glob\" = { settings }")
                }
                // In the document's order, which is what "later overrides win" means.
                for glob in globs.entries {
                    guard let settings = glob.value.table else {
                        throw ConfigError(
                            file: path, line: glob.line,
                            message: "an override takes a table of settings, e.g. { quality = 75 }")
                    }
                    let patch = try readPatch(settings, file: path)
                    overrides.append(.init(glob: GlobPattern(glob.key), patch: patch, line: glob.line))
                }
            default:
                try read(entry, into: &defaults, file: path)
            }
        }
        return ProjectConfig(
            path: path, root: FileIO.parentFolder(of: PathTools.absolute(path)), defaults: defaults,
            overrides: overrides, ignore: ignore)
    }

    private static func readPatch(_ table: TOMLTable, file: String) throws(ConfigError) -> SettingsPatch {
        var patch = SettingsPatch()
        for entry in table.entries { try read(entry, into: &patch, file: file) }
        return patch
    }

    private static func read(
        _ entry: TOMLTable.Entry, into patch: inout SettingsPatch, file: String
    ) throws(ConfigError) {
        let key = entry.key
        let value = entry.value
        guard let expected = SettingsPatch.keys[key] else {
            throw ConfigError(
                file: file, line: entry.line,
                message:
                    "unknown key '\(key)' (known: \(SettingsPatch.keys.keys.sorted().joined(separator: ", ")), ignore, overrides)"
            )
        }
        let wrong = ConfigError(file: file, line: entry.line, message: "'\(key)' takes \(expected)")
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
        case "png-quality":
            guard let text = value.string, QualityRange.isRange(text), let range = QualityRange(parsing: text) else {
                throw wrong
            }
            patch.pngQuality = range
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
}
