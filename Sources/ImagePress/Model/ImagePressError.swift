#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Everything that can go wrong with one file. The description is the reason a user reads after
/// the file's name ("photo.jpg: truncated or corrupt JPEG data (Premature end of JPEG file)").
public enum ImagePressError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyFile
    case unrecognizedFormat(firstBytes: [UInt8])
    case unsupportedFormat(name: String)
    case corrupt(format: ImageFormat, detail: String)
    case unsupportedVariant(format: ImageFormat, detail: String)
    case tooManyPixels(width: Int, height: Int, limit: Int)
    case tooLargeForMemory(width: Int, height: Int, bytes: Int, available: Int)
    case encodeFailed(format: ImageFormat, detail: String)
    case verificationFailed(format: ImageFormat)
    case incompleteOutput(format: ImageFormat, detail: String)
    case outOfMemory(format: ImageFormat)
    case isDirectory(path: String)
    /// --cache names a file that is not an imgpress cache.
    case foreignCache(path: String)
    /// The output path names a folder (the input's name leads the message, so the path is said).
    case outputIsDirectory(path: String)
    case fileSystem(operation: String, path: String, errno: Int32)
    case outputExists(path: String)
    case outputFolderMissing(path: String)
    /// A block device, socket, or a device or pipe where imgpress makes up the path.
    case notAFile(path: String)
    /// --in-place will not replace this file (hard links, read-only); `reason` says why.
    case inPlaceRefused(reason: String)
    /// The file changed on disk between reading it and replacing it.
    case changedWhileWorking
    /// --in-place keeps each file's format; the settings asked for another.
    case inPlaceFormatChange(from: ImageFormat, to: ImageFormat)
    /// --lossless asked for a JPEG made from pixels, which JPEG cannot store without loss.
    case losslessJPEGFrom(ImageFormat)
    /// --lossless --srgb on a JPEG whose profile is not sRGB: converting changes its pixels.
    case losslessColourConversion

    public var description: String {
        switch self {
        case .emptyFile:
            return "empty file"
        case .unrecognizedFormat(let bytes):
            let shown = bytes.prefix(4).map { "0x" + String($0, radix: 16, uppercase: true).leftPadded(to: 2) }
            return "not a JPEG, PNG or WebP file (starts with \(shown.joined(separator: " ")))"
        case .unsupportedFormat(let name):
            return "\(name) files are not supported (imgpress reads JPEG, PNG and WebP)"
        case .corrupt(let format, let detail):
            return "truncated or corrupt \(format.displayName) data (\(detail))"
        case .unsupportedVariant(let format, let detail):
            return "unsupported \(format.displayName): \(detail)"
        case .tooManyPixels(let width, let height, let limit):
            return "image is \(width)×\(height) pixels, over the limit of \(limit) pixels"
                + " (raise it with --max-pixels if the file is trusted)"
        case .tooLargeForMemory(let width, let height, let bytes, let available):
            return "image is \(width)×\(height) pixels: its samples alone need \(ByteFormatting.bytes(bytes)), "
                + "more than the \(ByteFormatting.bytes(available)) of memory this process may use"
        case .encodeFailed(let format, let detail):
            return "\(format.displayName) encoder failed: \(detail)"
        case .incompleteOutput(let format, let detail):
            return "the \(format.displayName) output is not a complete file (\(detail)); nothing written"
        case .verificationFailed(let format):
            return "the \(format.displayName) output did not decode to the same pixels; nothing written"
        case .outOfMemory(let format):
            return "out of memory while processing \(format.displayName) data"
        case .isDirectory:
            return "is a folder, not a file"
        case .foreignCache(let path):
            return "--cache \(path) is a file that is not an imgpress cache; it is left as it is (choose another name)"
        case .outputIsDirectory(let path):
            return "cannot write \(path): it is a folder"
        case .fileSystem(let operation, let path, let code):
            return "cannot \(operation) \(path): \(String(cString: strerror(code)))"
        case .outputExists(let path):
            return "\(path) already exists; use --force to overwrite it"
        case .outputFolderMissing(let path):
            return "output folder \(path) does not exist"
        case .notAFile(let path):
            return "\(path) is a device, pipe or socket, not a file; nothing written"
        case .inPlaceRefused(let reason):
            return "\(reason); left as it is"
        case .changedWhileWorking:
            return "the file changed while imgpress worked on it; left as it is (run imgpress again)"
        case .inPlaceFormatChange(let from, let to):
            return "--in-place keeps each file's format, and this would put \(to.displayName) data in a "
                + "\(from.displayName) file; to convert, write elsewhere with -o"
        case .losslessColourConversion:
            return "--lossless cannot convert its colours to sRGB (--srgb), which changes every pixel of a JPEG; "
                + "leave out one of them"
        case .losslessJPEGFrom(let format):
            return "--lossless cannot make a JPEG from a \(format.displayName) (JPEG is lossless only as a "
                + "re-optimization of a JPEG); leave out --lossless, or use -f png or -f webp"
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
