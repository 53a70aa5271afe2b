#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// imgpress.toml: project defaults, per-glob overrides and ignore globs. Globs match paths
/// relative to the folder that holds the file (the project root).
///
///     quality = 82
///     ignore = ["vendor/**"]
///
///     [overrides]
///     "**/*.png" = { lossless = true }
///     "photos/**" = { quality = 75 }
public struct ProjectConfig: Sendable {
    public struct Override: Sendable {
        public var glob: GlobPattern
        public var patch: SettingsPatch
        /// Where it stands in the file; later overrides win over earlier ones.
        public var line: Int
    }

    public var path: String
    /// The absolute folder that holds the file.
    public var root: String
    public var defaults: SettingsPatch
    public var overrides: [Override]
    public var ignore: [GlobPattern]

    public static let fileNames = ["imgpress.toml", ".imgpress.toml"]

    /// The nearest imgpress.toml or .imgpress.toml in `folder` or above it.
    public static func find(from folder: String) -> String? {
        var current = PathTools.absolute(folder)
        while true {
            for name in fileNames {
                let candidate = current == "/" ? "/" + name : current + "/" + name
                if FileIO.exists(candidate) && !FileIO.isDirectory(candidate) { return candidate }
            }
            if current == "/" { return nil }
            current = FileIO.parentFolder(of: current)
        }
    }

    /// The path of `file` relative to the project root, or nil when it lies outside.
    public func relativePath(of file: String) -> String? {
        PathTools.relative(PathTools.absolute(file), to: root)
    }

    /// Built-in defaults, then the file's defaults, then every override whose glob matches.
    public func patches(for file: String) -> [SettingsPatch] {
        guard let relative = relativePath(of: file) else { return [defaults] }
        return [defaults] + overrides.filter { $0.glob.matches(relative) }.map(\.patch)
    }

    public func isIgnored(_ file: String) -> Bool {
        guard let relative = relativePath(of: file) else { return false }
        return ignore.contains { $0.matches(relative) }
    }
}
