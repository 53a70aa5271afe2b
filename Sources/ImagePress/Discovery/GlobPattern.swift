#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A path filter for --include/--exclude, in the style of .gitignore: `*`, `?` and `[…]` match
/// within one path segment, `**` matches any number of segments, and a pattern without a slash
/// matches the file name in any folder.
public struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    public let description: String
    private let segments: [String]
    private let matchesNameOnly: Bool

    public init(_ pattern: String) {
        description = pattern
        var text = pattern
        if text.hasPrefix("./") { text.removeFirst(2) }
        if text.hasSuffix("/") { text += "**" }  // "vendor/" means everything below vendor
        matchesNameOnly = !text.contains("/")
        segments = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// `path` is relative to the folder being walked, with "/" separators.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        if matchesNameOnly { return parts.last.map { Self.segmentMatches(segments.first ?? "", $0) } ?? false }
        return Self.match(segments[...], parts[...])
    }

    /// True when every path below `folder` matches (the pattern ends in `/**` and its head
    /// matches the folder), so a walk need not enter it.
    public func coversFolder(_ folder: String) -> Bool {
        guard !matchesNameOnly, segments.last == "**" else { return false }
        let parts = folder.split(separator: "/").map(String.init)
        return Self.match(segments.dropLast()[...], parts[...]) || Self.match(segments[...], parts[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            for start in path.indices.lowerBound...path.indices.upperBound where match(rest, path[start...]) {
                return true
            }
            return false
        }
        guard let first = path.first, segmentMatches(head, first) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func segmentMatches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
