#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Path arithmetic on strings, without touching the files (except to read the working folder).
public enum PathTools {
    /// `path` made absolute against the working folder, with "." and ".." segments resolved.
    public static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd =
                getcwd(&buffer, buffer.count).map { _ in
                    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                } ?? "/"
            full = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `path` relative to `folder` (both absolute), or nil when it is not inside.
    public static func relative(_ path: String, to folder: String) -> String? {
        if folder == "/" { return String(path.dropFirst()) }
        guard path.hasPrefix(folder + "/") else { return nil }
        return String(path.dropFirst(folder.count + 1))
    }

    /// `path` from `folder` (both absolute and normalized), stepping out with ".." where it is
    /// not inside: /p/ca/a.jpg from /p/cd is "../ca/a.jpg". Nil when the two share nothing but
    /// the root, where a relation would not survive a move to another machine.
    public static func reaching(_ path: String, from folder: String) -> String? {
        if let inside = relative(path, to: folder) { return inside }
        let pathParts = path.split(separator: "/"), folderParts = folder.split(separator: "/")
        let common = zip(pathParts, folderParts).prefix { $0 == $1 }.count
        guard common > 0 else { return nil }
        let up = Array(repeating: "..", count: folderParts.count - common)
        return (up + pathParts.dropFirst(common).map(String.init)).joined(separator: "/")
    }

    /// "./a//b/" → "a/b": the form a path is hashed and reported in.
    public static func normalized(_ path: String) -> String {
        let parts = path.split(separator: "/").filter { $0 != "." }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
