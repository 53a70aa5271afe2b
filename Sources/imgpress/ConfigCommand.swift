import ArgumentParser
import ImagePress

/// `imgpress config --print [PATH ...]`: which imgpress.toml applies and the settings a file
/// gets from it (command-line flags, which win over the file, are not part of this).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the project configuration and the effective settings for a path.")

    @Flag(help: "Print the effective settings for each path.")
    var print = false

    @Argument(help: ArgumentHelp("Paths to show the settings for (default: the current folder).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Read this file instead of the nearest imgpress.toml.", valueName: "file"))
    var config: String?

    @Flag(help: "Ignore imgpress.toml: show the built-in defaults.")
    var noConfig = false

    func validate() throws {
        guard print else { throw ValidationError("say what to do: imgpress config --print [PATH ...]") }
        if noConfig && config != nil { throw ValidationError("--config and --no-config contradict each other") }
    }

    func run() throws {
        let loaded = noConfig ? nil : try ProjectOptions.loadConfig(explicit: config)
        var out = ""
        if let loaded {
            out += "# config: \(loaded.path)\n"
            if !loaded.ignore.isEmpty {
                out += "# ignore: \(loaded.ignore.map(\.description).joined(separator: ", "))\n"
            }
        } else {
            out +=
                noConfig
                ? "# imgpress.toml ignored (--no-config); built-in defaults\n"
                : "# no imgpress.toml found here or above; built-in defaults\n"
        }
        let resolver = SettingsResolver(config: loaded, commandLine: SettingsPatch())
        for path in paths.isEmpty ? ["."] : paths {
            out += "\n[\(path)]\n"
            if let loaded {
                let matching =
                    loaded.relativePath(of: path).map { relative in
                        loaded.overrides.filter { $0.glob.matches(relative) }.map { "\"\($0.glob.description)\"" }
                    } ?? []
                out += "# overrides applied: \(matching.isEmpty ? "none" : matching.joined(separator: ", "))\n"
                out += "# ignored: \(loaded.isIgnored(path) ? "yes" : "no")\n"
            }
            out += Self.describe(resolver.settings(for: path))
        }
        try FileIO.writeStandardOutput(Array(out.utf8))
    }

    /// The settings as an imgpress.toml document: every line can be pasted back and means the same.
    static func describe(_ settings: CompressionSettings) -> String {
        let background = [settings.background.red, settings.background.green, settings.background.blue]
            .map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let format = settings.outputFormat.map { "format = \"\($0.rawValue)\"" } ?? "# format: same as each input"
        // Left unset, the WebP method follows the effort; written out, it would stop following.
        let webpMethod =
            settings.webpMethod.map { "webp-method = \($0)" }
            ?? "# webp-method: \(settings.effectiveWebPMethod) (follows effort)"
        return """
            \(format)
            quality = \(settings.quality)
            png-quality = "\(settings.pngQuality)"
            lossless = \(settings.lossless)
            subsampling = "\(settings.subsampling.rawValue)"
            baseline = \(!settings.progressive)
            background = "#\(background)"
            max-pixels = \(settings.maxPixels)
            min-saving = "\(ByteFormatting.oneDecimal(settings.minimumSaving.percent))%,\(settings.minimumSaving.bytes)B"
            \(webpMethod)
            effort = \(settings.effort.level)
            lossy = \(settings.pngLossy)
            keep-metadata = "\(settings.metadata.keptBlocks)"
            strip-gps = \(settings.metadata.stripGPS)
            clean-alpha = \(settings.cleanAlpha)
            srgb = \(settings.convertToSRGB)

            """
    }
}
