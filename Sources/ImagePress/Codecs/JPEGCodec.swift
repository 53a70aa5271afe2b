import CShims

/// What a JPEG's headers say, read without decoding the image data.
public struct JPEGInfo: Sendable, Equatable {
    public enum ColorFamily: Sendable { case gray, rgb, cmyk }

    public var width: Int
    public var height: Int
    public var precision: Int
    public var isProgressive: Bool
    public var isArithmetic: Bool
    public var colorFamily: ColorFamily
    /// CMYK stored inverted, as Adobe applications write it (signalled by the Adobe marker).
    public var isAdobeInverted: Bool
    public var iccProfile: [UInt8]?
}

/// Settings for the JPEG encoder.
public struct JPEGEncodeOptions: Sendable, Equatable {
    /// Who chooses the quantized DCT coefficients.
    public enum Coder: Sendable, Equatable {
        /// libjpeg-turbo's own encoder: its DCT, rounding and the T.81 example tables. Fast.
        case libjpeg
        /// imgpress's coder (ipx_jpeg_coder.c): Robidoux's quantization tables, float DCT and
        /// trellis quantization; libjpeg-turbo still writes the Huffman codes and scans.
        case trellis
    }

    /// On the quality scale of the coder's own tables (see `JPEGQualityScale`).
    public var quality: Int
    public var subsampling: ChromaSubsampling
    public var progressive: Bool
    public var coder: Coder
    /// Threads the trellis coder may use for one image (chroma planes, rows, the scan estimate
    /// and the writing); the output does not depend on it.
    public var threads: Int
    /// Trellis coder, progressive: a file of at most this many bytes is also written as baseline,
    /// from the same coefficients, and the smaller kept (0: never). The same bytes as
    /// `optimizeLosslessly(progressive: false)` of the progressive file would give.
    public var baselineTrialMaximum: Int

    public init(
        quality: Int = 80, subsampling: ChromaSubsampling = .auto, progressive: Bool = true, coder: Coder = .libjpeg,
        threads: Int = 1, baselineTrialMaximum: Int = 0
    ) {
        self.quality = quality
        self.subsampling = subsampling
        self.progressive = progressive
        self.coder = coder
        self.threads = threads
        self.baselineTrialMaximum = baselineTrialMaximum
    }
}

/// JPEG through libjpeg-turbo: decode to a `PixelBuffer`, encode from one, and lossless
/// re-optimization of the DCT coefficients.
public enum JPEGCodec {
    public static func readInfo(_ data: [UInt8]) throws -> JPEGInfo {
        var info = ipx_jpeg_info()
        var profile: UnsafeMutablePointer<UInt8>?
        var profileSize = 0
        try CStatusFunnel.call(.jpeg) { status in
            ipx_jpeg_read_info(data, data.count, &info, &profile, &profileSize, status)
        }
        let family: JPEGInfo.ColorFamily =
            switch Int(info.color) {
            case IPX_JPEG_GRAY: .gray
            case IPX_JPEG_CMYK: .cmyk
            default: .rgb
            }
        return JPEGInfo(
            width: Int(info.width), height: Int(info.height), precision: Int(info.precision),
            isProgressive: info.progressive != 0, isArithmetic: info.arithmetic != 0,
            colorFamily: family, isAdobeInverted: info.adobe_inverted != 0,
            iccProfile: CStatusFunnel.takeProfile(profile, profileSize))
    }

    /// Decodes to 8-bit gray or RGB; CMYK and YCCK are converted to RGB.
    public static func decode(_ data: [UInt8], maxPixels: Int = PixelLimit.defaultMaximum) throws -> PixelBuffer {
        let info = try readInfo(data)
        try PixelLimit.check(width: info.width, height: info.height, maximum: maxPixels)
        let channels =
            switch info.colorFamily {
            case .gray: 1
            case .rgb: 3
            case .cmyk: 4
            }
        let count = info.width * info.height * channels
        let samples = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = count
            try CStatusFunnel.call(.jpeg) { status in
                ipx_jpeg_decode(data, data.count, buffer.baseAddress, count, status)
            }
        }
        let color = ColorInfo(iccProfile: info.iccProfile)
        if info.colorFamily == .cmyk {
            // With a CMYK profile, Little CMS converts properly; without one (or if the profile
            // is unusable), the naive formula is what colour-unmanaged viewers show.
            let managed = info.iccProfile.flatMap { profile in
                try? ColorManagement.rgbFromCMYK(samples, inverted: info.isAdobeInverted, profile: profile)
            }
            let rgb = managed ?? PixelConversions.rgbFromCMYK(samples, inverted: info.isAdobeInverted)
            // A CMYK profile does not describe the RGB we computed, so it is not carried over.
            return PixelBuffer(
                width: info.width, height: info.height, layout: .rgb, bitDepth: 8,
                color: ColorInfo(), samples: rgb)
        }
        return PixelBuffer(
            width: info.width, height: info.height, layout: channels == 1 ? .gray : .rgb,
            bitDepth: 8, color: color, samples: samples)
    }

    /// Encodes 8-bit gray or RGB. Other layouts must be converted first (`PixelConversions.forJPEG`).
    public static func encode(
        _ image: PixelBuffer, options: JPEGEncodeOptions, metadata: EmbeddedMetadata = .none
    ) throws -> [UInt8] {
        precondition(
            image.bitDepth == 8 && (image.layout == .gray || image.layout == .rgb),
            "JPEG encodes 8-bit gray or RGB")
        let factors = options.subsampling.resolved(for: image, threads: options.threads).factors
        var output = ipx_bytes()
        try CStatusFunnel.call(.jpeg, encoding: true) { status in
            image.samples.withUnsafeBufferPointer { pixels in
                withOptionalBytes(image.color.iccProfile) { icc, iccSize in
                    withMarkers(metadata.jpegSegments) { markers, markerCount in
                        var settings = ipx_jpeg_encode_options(
                            quality: Int32(options.quality.clamped(to: 0...100)),
                            coder: options.coder == .trellis
                                ? Int32(IPX_JPEG_CODER_TRELLIS) : Int32(IPX_JPEG_CODER_LIBJPEG),
                            chroma_h: factors.horizontal, chroma_v: factors.vertical,
                            progressive: options.progressive ? 1 : 0, threads: cThreads(options.threads),
                            icc: icc, icc_size: iccSize,
                            markers: markers, marker_count: markerCount,
                            baseline_trial_max: max(options.baselineTrialMaximum, 0))
                        return ipx_jpeg_encode(
                            pixels.baseAddress, Int32(image.width), Int32(image.height),
                            Int32(image.channels), image.stride, &settings, &output, status)
                    }
                }
            }
        }
        return CStatusFunnel.take(output)
    }

    /// Up to this many bytes, the scan search also tries baseline (progressive headers cost more
    /// than progression saves on small files).
    static let baselineTrialMaximum = Int(IPX_JPEG_BASELINE_TRIAL_MAX)

    /// A thread count for the C coder: at least one, and no absurd value from a caller.
    private static func cThreads(_ threads: Int) -> Int32 {
        Int32(threads.clamped(to: 1...64))
    }

    /// Rewrites the entropy coding without touching the DCT coefficients: decoded pixels stay
    /// bit-identical. Markers are dropped except the ICC profile when `keepICC` is set; then
    /// `metadata` is written.
    /// With `progressive`, effort 3 (the default) and up chooses a progressive scan layout per
    /// component among 17, as MozJPEG's jpegtran does, from each layout's bytes estimated from
    /// the coefficients (from 4, libjpeg's script is written to compete); baseline competes
    /// below 64 KB. Efforts 1-2 write libjpeg's standard script. With `threads` above 1 the
    /// estimate and the writing of a searched layout use a second thread; the output does not
    /// depend on it.
    public static func optimizeLosslessly(
        _ data: [UInt8], progressive: Bool, keepICC: Bool, metadata: EmbeddedMetadata = .none,
        effort: PNGEffort = .standard, threads: Int = 1
    ) throws -> [UInt8] {
        var output = ipx_bytes()
        let mode =
            !progressive
            ? IPX_JPEG_SCANS_BASELINE
            : effort.level <= 2
                ? IPX_JPEG_SCANS_SIMPLE : effort.level == 3 ? IPX_JPEG_SCANS_SEARCH : IPX_JPEG_SCANS_SEARCH_MORE
        try CStatusFunnel.call(.jpeg) { status in
            withMarkers(metadata.jpegSegments) { markers, markerCount in
                ipx_jpeg_optimize(
                    data, data.count, Int32(mode), keepICC ? 1 : 0, markers, markerCount,
                    cThreads(threads), &output, nil, status)
            }
        }
        return CStatusFunnel.take(output)
    }
}

/// Hands C a list of segments as an `ipx_marker` array whose pointers stay valid for the call.
func withMarkers<R>(
    _ segments: [(code: Int32, payload: [UInt8])],
    _ body: (UnsafePointer<ipx_marker>?, Int) -> R
) -> R {
    let joined = segments.flatMap(\.payload)
    return joined.withUnsafeBufferPointer { buffer in
        var offset = 0
        let markers = segments.map { segment in
            defer { offset += segment.payload.count }
            return ipx_marker(
                code: segment.code, data: buffer.baseAddress.map { $0 + offset }, size: segment.payload.count)
        }
        return markers.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
    }
}

/// Hands C an optional byte array as pointer + size (NULL, 0 when absent).
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafePointer<UInt8>?, Int) -> R) -> R {
    guard let bytes, !bytes.isEmpty else { return body(nil, 0) }
    return bytes.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
