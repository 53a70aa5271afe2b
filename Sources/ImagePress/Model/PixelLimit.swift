#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Refuses images too large to decode, from the dimensions in their headers, before any pixel
/// memory is allocated: above the pixel limit (a decompression bomb, or a trusted file the user
/// must allow with --max-pixels), or so large that their samples alone would not fit in this
/// machine's memory or the process's address-space limit (Swift stops the whole process when an
/// allocation fails, which would end a batch without its summary).
public enum PixelLimit {
    /// 16384 × 16384, about 268 megapixels: larger than any camera, smaller than a bomb.
    public static let defaultMaximum = 16_384 * 16_384

    static func check(width: Int, height: Int, maximum: Int) throws {
        guard width > 0, height > 0 else {
            throw ImagePressError.unsupportedVariant(format: .png, detail: "zero-sized image")
        }
        if width.multipliedReportingOverflow(by: height).overflow || width * height > maximum {
            throw ImagePressError.tooManyPixels(width: width, height: height, limit: maximum)
        }
        // Three bytes a pixel (8-bit RGB) is the least a decoded photo takes; the encoders need
        // several times that.
        // With --max-pixels raised near Int.max this product itself could overflow.
        let (needed, overflow) = (width * height).multipliedReportingOverflow(by: 3)
        if let memory = memoryLimit(), overflow || needed > memory {
            throw ImagePressError.tooLargeForMemory(
                width: width, height: height, bytes: overflow ? Int.max : needed, available: memory)
        }
    }

    /// The smaller of physical memory and RLIMIT_AS, in bytes (nil when neither is known).
    static func memoryLimit() -> Int? {
        var limits: [Int] = []
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 { limits.append(pages * pageSize) }
        var addressSpace = rlimit()
        // RLIM_INFINITY is the largest value, above Int.max.
        if getrlimit(RLIMIT_AS_VALUE, &addressSpace) == 0 && addressSpace.rlim_cur < rlim_t(Int.max) {
            limits.append(Int(addressSpace.rlim_cur))
        }
        return limits.min()
    }
}

#if canImport(Glibc)
    private let RLIMIT_AS_VALUE = __rlimit_resource_t(RLIMIT_AS.rawValue)
#else
    private let RLIMIT_AS_VALUE = RLIMIT_AS
#endif
