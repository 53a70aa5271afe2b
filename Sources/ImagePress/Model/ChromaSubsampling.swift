import CShims

/// JPEG chroma subsampling: how many luma samples share one chroma sample.
public enum ChromaSubsampling: String, Sendable, CaseIterable, Codable {
    /// Chosen per image (the default): 4:2:0 unless the image has fine colour detail.
    case auto
    case s420 = "420"
    case s422 = "422"
    case s444 = "444"

    /// Share of 2x2 pixel squares whose Cb or Cr spans more than 64 levels above which an image
    /// keeps full-resolution chroma. Measured with SSIMULACRA2 on 15 corpus images: photos
    /// reach at most 0.07 % and lose 18-36 % BD-rate at 4:4:4; palette graphics with coloured
    /// detail (1.0-1.7 %) gain 3-12 %; a logo with soft colour edges (0.10 %) loses 25 %. The
    /// squares include a shifted set (ipx_jpeg_chroma.c), so pixel art scaled up by an even
    /// factor counts too: an 8x copy of rgb-interlaced.png went from 0 to 2.4 %, and at q90 its
    /// 4:4:4 file is 1.6 KB at 56 dB where 4:2:0 gave 3.9 KB at 36 dB; photos stayed put.
    static let fineChromaShare = 0.005

    /// `auto` decided for an 8-bit RGB image; the fixed choices stay as they are. `threads`
    /// (1 or 2) share the measuring and do not change the decision.
    public func resolved(for image: PixelBuffer, threads: Int = 1) -> ChromaSubsampling {
        guard self == .auto else { return self }
        guard image.layout == .rgb && image.bitDepth == 8 else { return .s420 }
        // Narrower or shorter than one block: halving the chroma there leaves a sample or two
        // across, and a 1-pixel strip lost every colour change along it (13-18 dB against 46 dB
        // at 4:4:4, for 7-13 % more bytes on such tiny files).
        if image.width < 8 || image.height < 8 { return .s444 }
        let share = image.samples.withUnsafeBufferPointer { pixels in
            ipx_chroma_edge_share(
                pixels.baseAddress, Int32(image.width), Int32(image.height), image.stride, Int32(min(max(threads, 1), 2)))
        }
        return share > Self.fineChromaShare ? .s444 : .s420
    }

    /// Luma sampling factors (horizontal, vertical) relative to chroma; `auto` must be resolved.
    var factors: (horizontal: Int32, vertical: Int32) {
        switch self {
        case .s420, .auto: (2, 2)
        case .s422: (2, 1)
        case .s444: (1, 1)
        }
    }
}
