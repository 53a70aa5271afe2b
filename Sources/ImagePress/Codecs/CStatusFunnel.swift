import CShims

/// The one place where a C status becomes a Swift error (the swift-nio `syscall` habit).
enum CStatusFunnel {
    /// Runs a C call that fills an `ipx_status`, and throws the matching error when it fails.
    static func call(
        _ format: ImageFormat, encoding: Bool = false,
        _ body: (UnsafeMutablePointer<ipx_status>) -> Int32
    ) throws(ImagePressError) {
        var status = ipx_status()
        let code = body(&status)
        guard code != Int32(IPX_OK) else { return }
        let message = withUnsafeBytes(of: &status.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        throw error(format: format, code: code, message: message, encoding: encoding)
    }

    static func error(format: ImageFormat, code: Int32, message: String, encoding: Bool) -> ImagePressError {
        switch code {
        case Int32(IPX_ERR_NO_MEMORY): return .outOfMemory(format: format)
        case Int32(IPX_ERR_UNSUPPORTED): return .unsupportedVariant(format: format, detail: message)
        default:
            return encoding
                ? .encodeFailed(format: format, detail: message)
                : .corrupt(format: format, detail: message)
        }
    }

    /// Copies C-allocated bytes into a Swift array and frees them.
    static func take(_ bytes: ipx_bytes) -> [UInt8] {
        defer { ipx_free(bytes.data) }
        guard let data = bytes.data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: bytes.size))
    }

    /// Takes ownership of an optional malloc'd profile returned through out-parameters.
    static func takeProfile(_ pointer: UnsafeMutablePointer<UInt8>?, _ size: Int) -> [UInt8]? {
        guard let pointer else { return nil }
        defer { ipx_free(pointer) }
        return size > 0 ? Array(UnsafeBufferPointer(start: pointer, count: size)) : nil
    }
}
