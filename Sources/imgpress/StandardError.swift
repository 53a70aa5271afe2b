#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Messages go to stderr so that stdout can carry image data in a pipe.
enum StandardError {
    static func write(_ line: String) {
        var text = line
        if !text.hasSuffix("\n") { text += "\n" }
        text.withCString { pointer in _ = systemWrite(STDERR_FILENO, pointer, strlen(pointer)) }
    }

    static func error(_ message: String) {
        write("imgpress: error: " + message)
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

enum Terminal {
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }
}

/// The C library's exit, named apart from ParsableCommand's `exit(withError:)`.
func terminate(_ status: Int32) -> Never {
    exit(status)
}
