import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started with `posix_spawn` and reaped with `waitpid`.
///
/// Foundation's `Process` is not used on purpose: on Linux it watches children through a
/// CFRunLoop whose wake-up socket pair cannot be created inside `unshare -n` (no loopback), and
/// `waitUntilExit` then never returns. Every child also gets a deadline, so a hung child fails
/// its test instead of hanging the suite.
final class Subprocess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Output {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var timedOut: Bool
    }

    enum Stream {
        /// /dev/null.
        case discard
        /// A pipe the caller reads through `finish()`.
        case capture
        /// Whatever the test process has.
        case inherit
    }

    let pid: pid_t
    private var stdoutFD: Int32 = -1
    private var stderrFD: Int32 = -1
    private var stdinFD: Int32 = -1
    private let lock = NSLock()
    private var reaped = false
    private var killedForTime = false

    /// Starts `executable` with `arguments`. Standard input is /dev/null unless `stdin` is given.
    init(
        _ executable: String, _ arguments: [String], stdin: [UInt8]? = nil, stdout: Stream = .capture,
        stderr: Stream = .capture, in folder: String? = nil, deadline seconds: Double = 180
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var toClose: [Int32] = []
        defer { for fd in toClose { close(fd) } }

        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            return (fds[0], fds[1])
        }

        if stdin != nil {
            let pair = try pipePair()
            posix_spawn_file_actions_adddup2(&actions, pair.read, 0)
            toClose.append(pair.read)
            stdinFD = pair.write
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        for (stream, target) in [(stdout, Int32(1)), (stderr, Int32(2))] {
            switch stream {
            case .inherit: break
            case .discard: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .capture:
                let pair = try pipePair()
                posix_spawn_file_actions_adddup2(&actions, pair.write, target)
                toClose.append(pair.write)
                if target == 1 { stdoutFD = pair.read } else { stderrFD = pair.read }
            }
        }
        // glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift: a shell changes folder.
        let (program, programArguments) =
            folder.map { ("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", $0, executable] + arguments) }
            ?? (executable, arguments)
        let argv = ([program] + programArguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, program, &actions, nil, argv, environ)
        guard code == 0 else {
            for fd in [stdinFD, stdoutFD, stderrFD] where fd >= 0 { close(fd) }
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(code)))")
        }
        pid = child

        if let stdin {
            // From another thread: a large image may fill the pipe before the child reads it.
            let fd = stdinFD
            stdinFD = -1
            Thread.detachNewThread {
                stdin.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                        if written <= 0 { break }
                        offset += written
                    }
                }
                close(fd)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock()
            defer { lock.unlock() }
            if !reaped {
                killedForTime = true
                kill(pid, SIGKILL)
            }
        }
    }

    /// Reads the captured streams to their end, then waits for the child.
    func finish() -> Output {
        let group = DispatchGroup()
        nonisolated(unsafe) var errors: [UInt8] = []
        if stderrFD >= 0 {
            let fd = stderrFD
            group.enter()
            DispatchQueue.global().async {
                errors = Self.readAll(fd)
                group.leave()
            }
        }
        let output = stdoutFD >= 0 ? Self.readAll(stdoutFD) : []
        group.wait()
        stdoutFD = -1
        stderrFD = -1
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
        lock.lock()
        reaped = true
        let timedOut = killedForTime
        lock.unlock()
        return Output(status: Self.exitStatus(raw), stdout: output, stderr: errors, timedOut: timedOut)
    }

    /// Whether the child is still running (without reaping it).
    var isRunning: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._kill.si_pid == 0
    }

    /// The exit code, or 128 + the signal number for a child killed by a signal (as a shell says).
    private static func exitStatus(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    private static func readAll(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                result += chunk[0..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(fd)
        return result
    }

    /// Runs to the end: the usual way for a test to call a tool.
    static func run(
        _ executable: String, _ arguments: [String], stdin: [UInt8]? = nil, stdout: Stream = .capture,
        stderr: Stream = .capture, in folder: String? = nil
    ) throws -> Output {
        try Subprocess(executable, arguments, stdin: stdin, stdout: stdout, stderr: stderr, in: folder).finish()
    }
}
