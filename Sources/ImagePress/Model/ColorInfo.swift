/// How the samples of a `PixelBuffer` are to be interpreted as colours. Carried from decoder to
/// encoder so that re-encoding never changes how a picture looks.
public struct ColorInfo: Sendable, Equatable {
    /// An embedded ICC profile, byte for byte.
    public var iccProfile: [UInt8]?
    /// PNG gAMA: the file gamma (e.g. 0.45455 for a 2.2 display gamma).
    public var gamma: Double?
    /// PNG sRGB rendering intent, when the file declares itself sRGB.
    public var srgbIntent: Int?
    /// PNG cHRM: white point and red, green, blue primaries as x, y pairs (8 values).
    public var chromaticities: [Double]?

    public init(
        iccProfile: [UInt8]? = nil, gamma: Double? = nil, srgbIntent: Int? = nil,
        chromaticities: [Double]? = nil
    ) {
        self.iccProfile = iccProfile
        self.gamma = gamma
        self.srgbIntent = srgbIntent
        self.chromaticities = chromaticities
    }
}
