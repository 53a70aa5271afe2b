import CShims

/// zlib-format streams from the three deflate implementations the C layer wraps.
enum Deflate {
    enum Backend: Equatable, Sendable {
        /// zlib at `level` (0-9) with one of its strategies (IPX_ZLIB_*).
        case zlib(level: Int, strategy: Int32)
        /// libdeflate at `level` (1-12): zlib's format, better ratio, much faster.
        case libdeflate(level: Int)
        /// zopfli with this many iterations: the smallest streams, at a hundred times the time.
        case zopfli(iterations: Int)
    }

    static func compress(_ bytes: [UInt8], with backend: Backend) throws -> [UInt8] {
        var output = ipx_bytes()
        let (code, level, strategy): (Int32, Int, Int32) =
            switch backend {
            case .zlib(let level, let strategy): (Int32(IPX_DEFLATE_ZLIB), level, strategy)
            case .libdeflate(let level): (Int32(IPX_DEFLATE_LIBDEFLATE), level, 0)
            case .zopfli(let iterations): (Int32(IPX_DEFLATE_ZOPFLI), iterations, 0)
            }
        try CStatusFunnel.call(.png, encoding: true) { status in
            ipx_zlib_stream(bytes, bytes.count, code, Int32(level), strategy, &output, status)
        }
        return CStatusFunnel.take(output)
    }

    /// Inflates a zlib stream; nil if it is damaged, ends early or would exceed `limit` bytes
    /// (a guard against a small chunk that inflates to gigabytes).
    static func inflate(_ bytes: ArraySlice<UInt8>, limit: Int = 16 << 20) -> [UInt8]? {
        var output = ipx_bytes()
        let inflated = bytes.withUnsafeBufferPointer { ipx_zlib_inflate($0.baseAddress, $0.count, limit, &output) }
        return inflated != 0 ? CStatusFunnel.take(output) : nil
    }
}
