import ArgumentParser
import ImagePress

/// For CI: check mode, the cache, the project configuration and sharding.
struct ProjectOptions: ParsableArguments {
    @Flag(help: "Write nothing; exit 3 if some file could be made smaller by more than --min-saving.")
    var check = false

    @Option(
        help: ArgumentHelp(
            "Remember finished files here and skip them, unchanged, on later runs.",
            valueName: "file"))
    var cache: String?

    @Option(
        help: ArgumentHelp(
            "Read settings from this file instead of the nearest imgpress.toml.",
            valueName: "file"))
    var config: String?

    @Flag(help: "Ignore imgpress.toml files.")
    var noConfig = false

    @Option(
        help: ArgumentHelp(
            "Process only share K of N of the inputs (a stable split by path), e.g. 2/4.",
            valueName: "K/N"))
    var shard: String?

    func validate() throws {
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, such as 2/4")
        }
        if config != nil && noConfig { throw ValidationError("--config and --no-config cannot be used together") }
    }

    /// The project configuration in force, if any. Errors are usage errors (exit 2).
    func loadConfig() throws -> ProjectConfig? {
        noConfig ? nil : try Self.loadConfig(explicit: config)
    }

    /// `explicit`, or else the nearest imgpress.toml at or above the working folder.
    static func loadConfig(explicit: String?) throws -> ProjectConfig? {
        guard let path = explicit ?? ProjectConfig.find(from: ".") else { return nil }
        do {
            return try ConfigLoader.load(path)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
