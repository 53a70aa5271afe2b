import CShims

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

    /// The first `count` bytes of a regular file (fewer if it is shorter), without reading the
    /// rest; nil when it is not a regular file or cannot be read. For checks of what a file is
    /// before replacing it, which a large photo named by mistake must not make slow.
    public static func start(of path: String, count: Int) -> [UInt8]? {
        guard isRegularFile(path) else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return try? readAll(descriptor, sizeHint: count, name: path, limit: count)
    }

    public static func readStandardInput() throws -> [UInt8] {
        try readAll(STDIN_FILENO, sizeHint: 1 << 20, name: "standard input")
    }

    private static func readAll(_ descriptor: Int32, sizeHint: Int, name: String, limit: Int = .max) throws -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(min(max(sizeHint, 4096), limit))
        var chunk = [UInt8](repeating: 0, count: min(1 << 16, limit))
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, wanted) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw ImagePressError.fileSystem(operation: "read", path: name, errno: errno)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
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

    /// A regular file (through symbolic links), not a folder, device or FIFO.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Which file a path names and which version of it: a write in place replaces the file
    /// only if it is still this one, unchanged since it was read.
    public struct FileIdentity: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64  // nanoseconds since the epoch
        /// The inode's change time: a same-size rewrite that puts the old modification time back
        /// (cp -p) still moves it, and nothing but the system can set it.
        var changed: Int64
    }

    /// The identity of the entry at `path` itself (a symlink is not followed), or nil.
    public static func identity(of path: String) -> FileIdentity? {
        linkStatus(path).map(identity)
    }

    private static func identity(_ info: stat) -> FileIdentity {
        FileIdentity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(modificationTime(info).tv_sec) * 1_000_000_000 + Int64(modificationTime(info).tv_nsec),
            changed: Int64(changeTime(info).tv_sec) * 1_000_000_000 + Int64(changeTime(info).tv_nsec))
    }

    /// Whether two paths name the same directory entry however they are spelled: ./a.jpg, an
    /// absolute path, a symbolic link to it. Another hard link is another entry: replacing it
    /// by rename leaves this one as it is.
    public static func isSameFile(_ first: String, _ second: String) -> Bool {
        if first == second { return true }
        guard let a = resolvedPath(first), let b = resolvedPath(second) else { return false }
        return a == b
    }

    public static func isSymbolicLink(_ path: String) -> Bool {
        linkStatus(path).map { $0.st_mode & S_IFMT == S_IFLNK } ?? false
    }

    private static func linkStatus(_ path: String) -> stat? {
        var info = stat()
        return lstat(path, &info) == 0 ? info : nil
    }

    private static func modificationTime(_ info: stat) -> timespec {
        #if canImport(Glibc)
            info.st_mtim
        #else
            info.st_mtimespec
        #endif
    }

    private static func changeTime(_ info: stat) -> timespec {
        #if canImport(Glibc)
            info.st_ctim
        #else
            info.st_ctimespec
        #endif
    }

    /// A file read to be replaced in place. Its descriptor stays open until the replacement, so
    /// the file keeps its inode number (FAT and CIFS without server inode numbers give a file a
    /// new one once it drops out of the cache, which would look like a change).
    public final class HeldFile: Sendable {
        public let path: String
        public let bytes: [UInt8]
        let version: FileIdentity
        /// Access and modification times from before imgpress read the file (reading it may
        /// move the access time), for --preserve-times.
        let times: [timespec]
        private let descriptor: Int32

        fileprivate init(path: String, bytes: [UInt8], version: FileIdentity, times: [timespec], descriptor: Int32) {
            self.path = path
            self.bytes = bytes
            self.version = version
            self.times = times
            self.descriptor = descriptor
        }

        deinit { close(descriptor) }
    }

    /// Reads a file that may then be replaced in place. Only a regular file is taken: not a
    /// link (O_NOFOLLOW), and not a FIFO or device (O_NONBLOCK, so opening a FIFO does not wait
    /// for a writer; refused before anything is read).
    public static func holdForReplacing(_ path: String) throws -> HeldFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { throw ImagePressError.fileSystem(operation: "read", path: path, errno: errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw ImagePressError.fileSystem(operation: "read", path: path, errno: errno)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            close(descriptor)
            throw ImagePressError.isDirectory(path: path)
        default:
            close(descriptor)
            throw ImagePressError.inPlaceRefused(reason: "it is not a regular file")
        }
        do {
            let bytes = try readAll(descriptor, sizeHint: Int(info.st_size), name: path)
            return HeldFile(
                path: path, bytes: bytes, version: identity(info), times: accessAndModificationTimes(info),
                descriptor: descriptor)
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Replaces a held file with `bytes`, keeping its permissions and, where allowed, its owner.
    /// Refuses a file with other hard links (they would keep the old image), a read-only one, and
    /// one that is no longer the version read (it changed while imgpress worked).
    public static func replaceInPlace(_ bytes: [UInt8], of held: HeldFile, preservingTimes: Bool) throws {
        guard let info = linkStatus(held.path), identity(info) == held.version else {
            throw ImagePressError.changedWhileWorking
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ImagePressError.inPlaceRefused(reason: "it is not a regular file")
        }
        if info.st_nlink > 1 {
            throw ImagePressError.inPlaceRefused(
                reason: "it has \(info.st_nlink) hard links, and replacing it would leave the others with the old image"
            )
        }
        if info.st_mode & S_IWUSR == 0 || access(held.path, W_OK) != 0 {
            // A read-only mount is not the file's own mode: say which it is.
            let mount = info.st_mode & S_IWUSR != 0 && errno == EROFS
            throw ImagePressError.inPlaceRefused(
                reason: mount ? "its file system is mounted read-only" : "it is read-only")
        }
        try writeAtomically(
            bytes, to: held.path, replace: true, permissions: info.st_mode & 0o7777,
            owner: (info.st_uid, info.st_gid), times: preservingTimes ? held.times : nil,
            unchangedFrom: held.version)
    }

    /// The absolute path with every symlink resolved, or nil (errno set) when it cannot be.
    public static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Writes `bytes` to `path` atomically. Without `replace`, an existing file is never
    /// overwritten, even one that appears while imgpress works. `permissions` defaults to
    /// 0666 less the umask, as for any new file; `owner` is given back where the system allows
    /// (as root), else the group alone is tried; `times` are access and modification times.
    /// With `unchangedFrom`, the file at `path` must still be that version just before it is
    /// replaced (the rename itself cannot be made conditional).
    public static func writeAtomically(
        _ bytes: [UInt8], to named: String, replace: Bool, target: WriteTarget = .derived,
        permissions: mode_t? = nil, owner: (uid_t, gid_t)? = nil, times: [timespec]? = nil,
        unchangedFrom expected: FileIdentity? = nil
    ) throws {
        var path = named
        if replace {
            switch try existingKind(of: path, target: target) {
            case .writeInto: return try writeInto(path, bytes)
            case .replaceTarget(let resolved): path = resolved
            case .replace: break
            }
        }
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
            if let (user, group) = owner, user != geteuid() || group != getegid(),
                fchown(temporary.descriptor, user, group) != 0
            {
                // The owner must stay: a file handed to whoever runs imgpress (root where chown is
                // refused: NFS with root squash, CIFS, rootless containers) could lock its owner
                // out of it. Only the group may fall back.
                if user != geteuid() {
                    throw ImagePressError.inPlaceRefused(reason: "its owner (uid \(user)) could not be kept")
                }
                _ = fchown(temporary.descriptor, uid_t.max, group)  // -1: keep the user, try the group
            }
            guard fchmod(temporary.descriptor, permissions ?? defaultPermissions()) == 0,
                times.map({ futimens(temporary.descriptor, $0) == 0 }) ?? true,
                fsync(temporary.descriptor) == 0
            else {
                throw ImagePressError.fileSystem(operation: "write", path: path, errno: errno)
            }
        }
        if replace {
            if let expected, identity(of: path) != expected { throw ImagePressError.changedWhileWorking }
            guard rename(temporary.path, path) == 0 else {
                throw ImagePressError.fileSystem(operation: "write", path: path, errno: errno)
            }
        } else {
            // An atomic "create if absent": a rename that fails with EEXIST instead of replacing
            // (it leaves no second name to remove), or where the file system cannot do that,
            // link(), which also fails with EEXIST (FAT and exFAT drives refuse hard links, and
            // some network mounts the rename's flag).
            if ipx_rename_noreplace(temporary.path, path) == 0 {
                renamed = true
            } else {
                if errno == EEXIST { throw ImagePressError.outputExists(path: path) }
                guard link(temporary.path, path) == 0 else {
                    if errno == EEXIST { throw ImagePressError.outputExists(path: path) }
                    throw ImagePressError.fileSystem(operation: "write", path: path, errno: errno)
                }
            }
        }
        if replace { renamed = true }  // after link() the temporary name still exists and is removed by defer
        syncFolder(folder)
    }

    /// Where a replacing write lands when the path is already there.
    public enum WriteTarget: Sendable {
        /// A path the user named (-o FILE, --report-file, --cache): a link is followed, its
        /// target replaced and the link kept; a character device or FIFO it names (/dev/null,
        /// the pipe behind /dev/stdout) is written into, as any tool would.
        case named
        /// A path imgpress derived (mirrored below -o DIR, a file replaced in place): a link is
        /// replaced like a file and never followed, and a device or pipe there is refused, so a
        /// planted link cannot send bytes anywhere else.
        case derived
    }

    private enum ExistingKind {
        case replace
        case replaceTarget(String)
        case writeInto
    }

    /// What a replacing write does with what is at `path`. Renaming a file over a device would
    /// replace the device itself (as root, /dev/null); block devices and sockets are refused.
    private static func existingKind(of path: String, target: WriteTarget) throws -> ExistingKind {
        guard let own = linkStatus(path) else { return .replace }
        var kind = own.st_mode & S_IFMT
        var resolved: String? = nil
        if kind == S_IFLNK {
            var info = stat()
            guard target == .named, stat(path, &info) == 0 else { return .replace }  // replace the link
            kind = info.st_mode & S_IFMT
            resolved = resolvedPath(path)
        }
        switch kind {
        case S_IFREG: return resolved.map(ExistingKind.replaceTarget) ?? .replace
        case S_IFCHR where target == .named, S_IFIFO where target == .named: return .writeInto
        case S_IFDIR: throw ImagePressError.outputIsDirectory(path: path)
        default: throw ImagePressError.notAFile(path: path)
        }
    }

    /// Writes into a character device or FIFO. O_NONBLOCK: a FIFO nobody reads fails at once
    /// (ENXIO) instead of hanging; the type is checked again on the open descriptor.
    private static func writeInto(_ path: String, _ bytes: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw ImagePressError.fileSystem(operation: "write", path: path, errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, [S_IFCHR, S_IFIFO].contains(info.st_mode & S_IFMT) else {
            throw ImagePressError.notAFile(path: path)
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        try writeAll(descriptor, bytes, name: path)
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

    /// Gives a file kept in place the access time it had before imgpress read it (--preserve-times:
    /// reading it moved that time). Only while it is still the version read.
    public static func restoreTimes(of held: HeldFile) {
        guard let info = linkStatus(held.path), identity(info) == held.version else { return }
        var times = held.times
        _ = utimensat(AT_FDCWD, held.path, &times, AT_SYMLINK_NOFOLLOW)
    }

    /// Sets an existing output's access and modification times (--preserve-times on an output
    /// left as it was, since it already held the result).
    public static func setTimes(_ path: String, _ times: [timespec]) {
        var times = times
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    /// Access and modification times of the file at `path` (a symlink's target), to copy.
    public static func accessAndModificationTimes(of path: String) -> [timespec]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return accessAndModificationTimes(info)
    }

    private static func accessAndModificationTimes(_ info: stat) -> [timespec] {
        #if canImport(Glibc)
            [info.st_atim, info.st_mtim]
        #else
            [info.st_atimespec, info.st_mtimespec]
        #endif
    }

    public static func parentFolder(of path: String) -> String {
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
