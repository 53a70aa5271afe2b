#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The only code that touches the disk. Reads whole files; writes through a temporary file in
/// the destination folder, fsync and rename, so a file under its final name is always complete.
public enum FileIO {
    public static func read(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ImagePressError.fileSystem(operation: "read", path: path, errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw ImagePressError.fileSystem(operation: "read", path: path, errno: errno)
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw ImagePressError.isDirectory(path: path) }
        return try readAll(descriptor, sizeHint: Int(info.st_size), name: path)
    }

    public static func readStandardInput() throws -> [UInt8] {
        try readAll(STDIN_FILENO, sizeHint: 1 << 20, name: "standard input")
    }

    private static func readAll(_ descriptor: Int32, sizeHint: Int, name: String) throws -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(max(sizeHint, 4096))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw ImagePressError.fileSystem(operation: "read", path: name, errno: errno)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    public static func writeStandardOutput(_ bytes: [UInt8]) throws {
        try writeAll(STDOUT_FILENO, bytes, name: "standard output")
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], name: String) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ImagePressError.fileSystem(operation: "write", path: name, errno: errno)
                }
                offset += written
            }
        }
    }

    /// Permission bits of an existing file, or nil when it does not exist.
    public static func permissions(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Writes `bytes` to `path` atomically. Without `replace`, an existing file is never
    /// overwritten, even one that appears while imgpress works. `permissions` defaults to
    /// 0666 less the umask, as for any new file.
    public static func writeAtomically(
        _ bytes: [UInt8], to path: String, replace: Bool,
        permissions: mode_t? = nil, timesFrom timeSource: String? = nil
    ) throws {
        // Read before writing: for an in-place write the source is the file being replaced.
        let times = timeSource.flatMap(accessAndModificationTimes(of:))
        let folder = parentFolder(of: path)
        guard isDirectory(folder) else { throw ImagePressError.outputFolderMissing(path: folder) }
        if !replace && exists(path) { throw ImagePressError.outputExists(path: path) }
        let temporary = try TemporaryFiles.shared.create(in: folder)
        var renamed = false
        defer {
            if !renamed { unlink(temporary.path) }
            TemporaryFiles.shared.forget(temporary.path)
        }
        do {
            defer { close(temporary.descriptor) }
            try writeAll(temporary.descriptor, bytes, name: path)
            guard fchmod(temporary.descriptor, permissions ?? defaultPermissions()) == 0,
                times.map({ futimens(temporary.descriptor, $0) == 0 }) ?? true,
                fsync(temporary.descriptor) == 0
            else {
                throw ImagePressError.fileSystem(operation: "write", path: path, errno: errno)
            }
        }
        if replace {
            guard rename(temporary.path, path) == 0 else {
                throw ImagePressError.fileSystem(operation: "write", path: path, errno: errno)
            }
        } else {
            // link() fails with EEXIST instead of replacing: an atomic "create if absent".
            if link(temporary.path, path) != 0 {
                if errno == EEXIST { throw ImagePressError.outputExists(path: path) }
                throw ImagePressError.fileSystem(operation: "write", path: path, errno: errno)
            }
        }
        renamed = replace  // after link() the temporary name still exists and is removed by defer
        syncFolder(folder)
    }

    /// Creates `path` and any missing parents (mkdir -p). A dry run only checks that whatever
    /// exists along the way is a folder.
    public static func makeFolders(_ path: String, dryRun: Bool = false) throws {
        if isDirectory(path) { return }
        if exists(path) { throw ImagePressError.fileSystem(operation: "create the folder", path: path, errno: ENOTDIR) }
        let parent = parentFolder(of: path)
        if parent != path { try makeFolders(parent, dryRun: dryRun) }
        if dryRun { return }
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw ImagePressError.fileSystem(operation: "create the folder", path: path, errno: errno)
        }
    }

    /// What a write would do, without writing: the same refusals `writeAtomically` makes.
    public static func checkWritable(_ path: String, replace: Bool) throws {
        let folder = parentFolder(of: path)
        if exists(folder) && !isDirectory(folder) { throw ImagePressError.outputFolderMissing(path: folder) }
        if !exists(folder) { return }  // a dry run does not create the folders a real run would
        if !replace && exists(path) { throw ImagePressError.outputExists(path: path) }
        if access(folder, W_OK) != 0 {
            throw ImagePressError.fileSystem(operation: "write into", path: folder, errno: errno)
        }
    }

    private static func accessAndModificationTimes(of path: String) -> [timespec]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Glibc)
            return [info.st_atim, info.st_mtim]
        #else
            return [info.st_atimespec, info.st_mtimespec]
        #endif
    }

    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    private static func defaultPermissions() -> mode_t {
        let mask = umask(0)
        umask(mask)
        return 0o666 & ~mask
    }

    /// Makes the rename itself durable.
    private static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

// The C library's read/write, named apart from this file's own `read` and `write...` methods.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
