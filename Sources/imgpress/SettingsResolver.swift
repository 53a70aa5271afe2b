import ImagePress

/// Each file's settings: built-in defaults, then imgpress.toml (its defaults and the overrides
/// whose globs match the file), then the command line.
struct SettingsResolver {
    var config: ProjectConfig?
    var commandLine: SettingsPatch

    func settings(for path: String?) -> CompressionSettings {
        var settings = CompressionSettings()
        if let config {
            let patches = path.map(config.patches(for:)) ?? [config.defaults]
            for patch in patches { patch.apply(to: &settings) }
        }
        commandLine.apply(to: &settings)
        return settings
    }
}
