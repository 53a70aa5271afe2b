#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Copies of small byte arrays (palettes, profiles, metadata) at addresses that stay valid
/// until this object goes away: for C option structs that hold several pointers at once,
/// without a closure per pointer. Pixel data is never pinned this way; it is not copied.
final class PinnedBytes {
    private var blocks: [UnsafeMutableRawPointer] = []

    /// A pointer to a copy of `bytes` and its length; (nil, 0) when absent or empty.
    func pin(_ bytes: [UInt8]?) -> (pointer: UnsafePointer<UInt8>?, count: Int) {
        guard let bytes, !bytes.isEmpty, let block = malloc(bytes.count) else { return (nil, 0) }
        blocks.append(block)
        bytes.withUnsafeBytes { block.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        return (UnsafePointer(block.assumingMemoryBound(to: UInt8.self)), bytes.count)
    }

    /// A NUL-terminated copy of `text`, or nil.
    func pin(cString text: String?) -> UnsafePointer<CChar>? {
        guard let text else { return nil }
        let bytes = Array(text.utf8) + [0]
        return pin(bytes).pointer.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
    }

    deinit {
        for block in blocks { free(block) }
    }
}
