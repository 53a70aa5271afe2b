#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Turns command-line arguments (files, folders, "-") into inputs, walking folders with -r.
/// In a walk, images are recognised by extension (their format is still sniffed when read);
/// hidden entries are skipped unless asked for, and symbolic links are never followed, so a
/// walk cannot leave its tree; the output folder, met inside it, is left out.
public enum InputDiscovery {
    public struct Options: Sendable {
        public var recursive = false
        public var includeHidden = false
        public var include: [GlobPattern] = []
        public var exclude: [GlobPattern] = []
        public var copyOthers = false
        /// The output folder (resolved, as `FileIO.resolvedPath` gives it): a walk that meets it
        /// leaves it out, so a second `-r . -o small/` does not take the first run's outputs as
        /// inputs (small/small/...).
        public var outputFolder: String?

        public init() {}
    }

    public struct Found: Sendable {
        public var inputs: [DiscoveredInput] = []
        public var notices: [DiscoveryNotice] = []
    }

    static let imageExtensions: Set = ["jpg", "jpeg", "jpe", "jfif", "png", "webp"]

    /// Arguments named on the command line: files are taken as they are, folders are walked.
    public static func discover(arguments: [String], options: Options) -> Found {
        var found = Found()
        for argument in arguments {
            if argument == "-" {
                found.inputs.append(DiscoveredInput(source: .standardInput, relativePath: "stdin"))
            } else if FileIO.isDirectory(argument) {
                if options.recursive {
                    walk(root: argument, relative: "", options: options, into: &found)
                } else {
                    found.notices.append(
                        DiscoveryNotice(
                            path: argument, reason: "is a folder; add -r to process the images in it", isFailure: true))
                }
            } else {
                // Named directly: processed whatever its name; a missing file fails when read.
                found.inputs.append(DiscoveredInput(source: .file(argument), relativePath: fileName(argument)))
            }
        }
        return found
    }

    /// Paths from a list (--files-from): like a walk, only image files (by extension) and,
    /// with --copy-others, other files are taken, so `git diff --name-only` output can be piped.
    public static func discover(listed paths: [String], options: Options) -> Found {
        var found = Found()
        for path in paths where !path.isEmpty {
            if FileIO.isDirectory(path) {
                if options.recursive { walk(root: path, relative: "", options: options, into: &found) }
                continue
            }
            guard passesFilters(path, options: options), let kind = kind(of: path, options: options) else { continue }
            // `git diff --name-only` lists deleted files too: noted, not failed.
            var info = stat()
            if lstat(path, &info) != 0 && errno == ENOENT {
                found.notices.append(
                    DiscoveryNotice(path: path, reason: "listed but missing (deleted?)", isFailure: false))
                continue
            }
            found.inputs.append(DiscoveredInput(source: .file(path), relativePath: mirrorablePath(path), kind: kind))
        }
        return found
    }

    private static func walk(root: String, relative: String, options: Options, into found: inout Found) {
        let folder = join(root, relative)
        guard let (names, notUTF8) = listFolder(folder) else {
            found.notices.append(
                DiscoveryNotice(
                    path: folder, reason: "cannot read folder: \(String(cString: strerror(errno)))", isFailure: true))
            return
        }
        // Left out silently, such a file (or folder of files) would let --check pass unseen.
        for (name, isFolder) in notUTF8 where !name.hasPrefix(".") || options.includeHidden {
            // Judged by the name as far as it reads: a file the walk would not take (not an
            // image, excluded) does not matter; a folder might hold images.
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            let wanted =
                isFolder
                ? !options.exclude.contains { $0.coversFolder(childRelative) }
                : passesFilters(childRelative, options: options) && kind(of: name, options: options) != nil
            guard wanted else { continue }
            found.notices.append(
                DiscoveryNotice(
                    path: join(folder, name),
                    reason: "its name is not valid UTF-8, so imgpress cannot open it; rename it",
                    isFailure: true))
        }
        for name in names {
            if name.hasPrefix(".") && !options.includeHidden { continue }
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            let path = join(root, childRelative)
            var info = stat()
            guard lstat(path, &info) == 0 else {
                // Gone since the listing is fine; anything else (a path too long) is said.
                if errno != ENOENT {
                    found.notices.append(
                        DiscoveryNotice(
                            path: path, reason: "cannot read: \(String(cString: strerror(errno)))", isFailure: true))
                }
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                // Said only of a link the filters would let through: to a folder, as a folder
                // (--exclude covering it); to anything else, as a file.
                let toFolder = FileIO.isDirectory(path)
                guard
                    toFolder
                        ? !options.exclude.contains(where: { $0.coversFolder(childRelative) })
                        : passesFilters(childRelative, options: options)
                else { continue }
                found.notices.append(
                    DiscoveryNotice(
                        path: path, reason: "symbolic link, not followed", isFailure: false))
            case S_IFDIR:
                if options.exclude.contains(where: { $0.coversFolder(childRelative) }) { continue }
                if let output = options.outputFolder, FileIO.resolvedPath(path) == output { continue }
                walk(root: root, relative: childRelative, options: options, into: &found)
            case S_IFREG:
                guard passesFilters(childRelative, options: options),
                    let kind = kind(of: name, options: options)
                else { continue }
                found.inputs.append(DiscoveredInput(source: .file(path), relativePath: childRelative, kind: kind))
            default:
                // Devices, sockets and FIFOs are not files to compress; one with an image's name
                // is said, not silently passed over (a --check would pass with it unseen).
                guard passesFilters(childRelative, options: options), kind(of: name, options: options) == .image
                else { continue }
                found.notices.append(
                    DiscoveryNotice(
                        path: path, reason: "not a regular file (a pipe, socket or device)", isFailure: false))
            }
        }
    }

    private static func passesFilters(_ relativePath: String, options: Options) -> Bool {
        if options.exclude.contains(where: { $0.matches(relativePath) }) { return false }
        return options.include.isEmpty || options.include.contains(where: { $0.matches(relativePath) })
    }

    private static func kind(of name: String, options: Options) -> DiscoveredInput.Kind? {
        let ext = name.split(separator: "/").last?.split(separator: ".", omittingEmptySubsequences: false)
        if let ext, ext.count > 1, imageExtensions.contains(ext.last!.lowercased()) { return .image }
        return options.copyOthers ? .other : nil
    }

    /// Entry names in byte order, so every run (and every -j) sees the same list.
    /// The entries of a folder, sorted; names that are not UTF-8 come apart (shown with U+FFFD
    /// for the bad bytes), since a path through them cannot be opened again.
    private static func listFolder(_ path: String) -> (names: [String], notUTF8: [(name: String, isFolder: Bool)])? {
        guard let stream = opendir(path) else { return nil }
        defer { closedir(stream) }
        var names: [String] = []
        var notUTF8: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(stream) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if let name = String(validating: bytes, as: UTF8.self) {
                if name != "." && name != ".." { names.append(name) }
            } else {
                notUTF8.append((String(decoding: bytes, as: UTF8.self), entry.pointee.d_type == UInt8(DT_DIR)))
            }
        }
        let byBytes = { (a: String, b: String) in Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
        return (names.sorted(by: byBytes), notUTF8.sorted { byBytes($0.name, $1.name) })
    }

    /// A listed path as a place below the output folder: "./" and leading "/" dropped; a path
    /// that climbs with ".." is reduced to its file name so it cannot escape the folder.
    static func mirrorablePath(_ path: String) -> String {
        // An absolute path (find "$PWD" ...) is mirrored from the working folder when it lies
        // below it, else by its file name, like a path that climbs out with "..".
        if path.hasPrefix("/") {
            for folder in workingFolders() where path.hasPrefix(folder == "/" ? "/" : folder + "/") {
                return mirrorablePath(String(path.dropFirst(folder == "/" ? 1 : folder.count + 1)))
            }
            return fileName(path)
        }
        let parts = path.split(separator: "/").filter { $0 != "." }
        if parts.contains("..") { return fileName(path) }
        return parts.joined(separator: "/")
    }

    /// The working folder as the system resolves it, and as the shell spells it ($PWD, which
    /// keeps symlinks: what `find "$PWD"` prints) when that names the same folder.
    private static func workingFolders() -> [String] {
        guard let raw = getcwd(nil, 0) else { return [] }
        let physical = String(cString: raw)
        free(raw)
        guard let logical = getenv("PWD").map({ String(cString: $0) }), logical != physical,
            FileIO.resolvedPath(logical) == physical
        else { return [physical] }
        return [physical, logical]
    }

    static func join(_ root: String, _ relative: String) -> String {
        if relative.isEmpty { return root }
        if root == "." || root == "./" { return relative }  // walking "." reports "a/b.png", not "./a/b.png"
        return root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
