#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

enum Terminal {
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }
}

/// Past a file-size limit (ulimit -f) a write then fails with EFBIG, an error for that file: the
/// signal would kill the whole batch and leave a partial temporary file behind.
func ignoreFileSizeSignal() {
    signal(SIGXFSZ, SIG_IGN)
}

/// The C library's exit, named apart from ParsableCommand's `exit(withError:)`.
func terminate(_ status: Int32) -> Never {
    exit(status)
}

func activeProcessorCount() -> Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
