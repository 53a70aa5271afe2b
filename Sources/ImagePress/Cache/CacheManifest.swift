import Synchronization

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// --cache FILE: what imgpress already did, so unchanged files are skipped without decoding.
/// One entry per input, keyed by its path relative to the cache file's folder: the content hash
/// of the input as last seen, of the result, and of the settings (with the imgpress version).
/// Written sorted, one entry per line, so it diffs well in git.
public final class CacheManifest: Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public var input: String
        public var output: String
        public var settings: String
    }

    private struct File: Codable {
        var imgpressCache: Int
        var entries: [String: Entry]

        enum CodingKeys: String, CodingKey {
            case imgpressCache = "imgpress_cache"
            case entries
        }
    }

    public static let formatVersion = 1

    public let path: String
    private let folder: String
    private let entries: Mutex<[String: Entry]>
    /// Keys this run recorded or forgot: on save only these change in what the file holds then,
    /// so runs sharing one cache (CI shards in parallel) keep each other's entries.
    private let touched = Mutex<Set<String>>([])

    /// Whether `path` holds something other than an imgpress cache, even a damaged one: a
    /// non-empty file without "imgpress_cache" near its start. Such a file is never replaced
    /// (a mistyped --cache imgpress.toml must not cost the user that file).
    public static func isForeign(_ path: String) -> Bool {
        guard let start = FileIO.start(of: path, count: 256), !start.isEmpty else { return false }
        return start.firstRange(of: Array("\"imgpress_cache\"".utf8)) == nil
    }

    /// Loads the manifest; a missing file is an empty cache. A damaged one is ignored (it will
    /// be rewritten) and the reason is returned as a warning.
    public static func load(_ path: String) -> (manifest: CacheManifest, warning: String?) {
        guard FileIO.exists(path) else { return (CacheManifest(path: path, entries: [:]), nil) }
        do {
            let bytes = try FileIO.read(path)
            let file = try JSONDecoder().decode(File.self, from: Data(bytes))
            guard file.imgpressCache == formatVersion else {
                return (
                    CacheManifest(path: path, entries: [:]),
                    "cache \(path) has format \(file.imgpressCache), not \(formatVersion); starting a new one"
                )
            }
            return (CacheManifest(path: path, entries: file.entries), nil)
        } catch {
            return (
                CacheManifest(path: path, entries: [:]),
                "cache \(path) is damaged (\(Self.describe(error))); starting a new one"
            )
        }
    }

    private init(path: String, entries: [String: Entry]) {
        self.path = path
        // Physical paths (links resolved) for the folder and the inputs alike, so that a key's
        // ".." means the same to the text and to the file system (pruning looks it up).
        let folder = FileIO.parentFolder(of: PathTools.absolute(path))
        self.folder = FileIO.resolvedPath(folder) ?? folder
        self.entries = Mutex(entries)
    }

    /// The key for an input path: relative to the cache's folder (with ".." where the input is
    /// outside it), so that the cache still applies in another checkout of the same tree.
    public func key(for input: String) -> String {
        let absolute = FileIO.resolvedPath(input) ?? PathTools.absolute(input)
        return PathTools.reaching(absolute, from: folder) ?? absolute
    }

    public func entry(for input: String) -> Entry? {
        entries.withLock { $0[key(for: input)] }
    }

    public func record(_ entry: Entry, for input: String) {
        let key = key(for: input)
        entries.withLock { $0[key] = entry }
        _ = touched.withLock { $0.insert(key) }
    }

    public func forget(_ input: String) {
        let key = key(for: input)
        _ = entries.withLock { $0.removeValue(forKey: key) }
        _ = touched.withLock { $0.insert(key) }
    }

    public var count: Int { entries.withLock { $0.count } }

    /// The manifest as written: entries of files that no longer exist are pruned.
    static func render(_ entries: [String: Entry], folder: String) -> String {
        let kept = entries.filter { key, _ in
            FileIO.exists(key.hasPrefix("/") ? key : folder + "/" + key)
        }
        var lines = ["{", "  \"imgpress_cache\": \(Self.formatVersion),", "  \"entries\": {"]
        let keys = kept.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for (index, key) in keys.enumerated() {
            let entry = kept[key]!
            let comma = index == keys.count - 1 ? "" : ","
            lines.append(
                "    \(JSONReport.string(key)): {\"input\": \"\(entry.input)\", \"output\": \"\(entry.output)\", "
                    + "\"settings\": \"\(entry.settings)\"}\(comma)")
        }
        lines.append("  }")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes what the file holds now (another run sharing it may have saved meanwhile) with
    /// this run's changes on top. The read, merge and rename happen under an exclusive lock on
    /// the cache's folder (flock: no lock file is left behind), so runs saving at the same
    /// moment cannot drop each other's entries. If the file is now missing or unreadable, this
    /// run's own view, cache hits included, is written instead.
    public func save() throws {
        if Self.isForeign(path) { throw ImagePressError.foreignCache(path: path) }
        let lock = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if lock >= 0 { _ = flock(lock, LOCK_EX) }
        defer {
            if lock >= 0 {
                _ = flock(lock, LOCK_UN)
                close(lock)
            }
        }
        let mine = entries.withLock { $0 }
        let (onDisk, warning) = Self.load(path)
        var merged = mine
        if FileIO.exists(path) && warning == nil {
            merged = onDisk.entries.withLock { $0 }
            for key in touched.withLock({ $0 }) { merged[key] = mine[key] }
        }
        try FileIO.writeAtomically(
            Array(Self.render(merged, folder: folder).utf8), to: path, replace: true, target: .named)
    }

    private static func describe(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted: return "not valid JSON"
            case .keyNotFound(let key, _): return "no \"\(key.stringValue)\" field"
            case .typeMismatch, .valueNotFound: return "unexpected contents"
            @unknown default: return "unreadable"
            }
        }
        return String(describing: error)
    }
}
