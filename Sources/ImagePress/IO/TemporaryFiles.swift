import Synchronization

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Every temporary file imgpress has open, so an interrupted run can delete them all. Once
/// `removeAllAndClose()` has run, no new temporary file can be created.
public final class TemporaryFiles: Sendable {
    public static let shared = TemporaryFiles()

    private struct State {
        var paths: Set<String> = []
        var closed = false
    }

    private let state = Mutex(State())

    /// Creates a temporary file (mode 0600) in `folder` and returns its descriptor and path.
    func create(in folder: String) throws -> (descriptor: Int32, path: String) {
        try state.withLock { state in
            guard !state.closed else {
                throw ImagePressError.fileSystem(operation: "write into", path: folder, errno: EINTR)
            }
            var template = Array((folder + "/.imgpress-XXXXXX.tmp").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
            guard descriptor >= 0 else {
                throw ImagePressError.fileSystem(operation: "create a file in", path: folder, errno: errno)
            }
            let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            state.paths.insert(path)
            return (descriptor, path)
        }
    }

    /// Forgets a temporary file that was renamed into place or deleted.
    func forget(_ path: String) {
        _ = state.withLock { $0.paths.remove(path) }
    }

    /// Deletes every registered temporary file; later `create` calls fail. For signal handlers.
    public func removeAllAndClose() {
        state.withLock { state in
            state.closed = true
            for path in state.paths { unlink(path) }
            state.paths.removeAll()
        }
    }
}
