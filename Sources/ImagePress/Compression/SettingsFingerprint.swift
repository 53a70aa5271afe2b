extension CompressionSettings {
    /// Everything that changes the output, with imgpress's version, as one string; its hash
    /// tells the cache whether a file was done with the same settings.
    public var fingerprint: String {
        [
            "imgpress \(ImagePressVersion.current)",
            "format=\(outputFormat?.rawValue ?? "same")", "quality=\(quality)", "lossless=\(lossless)",
            "subsampling=\(subsampling.rawValue)", "progressive=\(progressive)",
            "background=\(background.red),\(background.green),\(background.blue)", "max-pixels=\(maxPixels)",
            "webp-method=\(effectiveWebPMethod),sharp=\(webpSharpYUV)", "effort=\(effort.level)",
            "png-lossy=\(pngLossy ? pngQuality.description : "no")", "min-saving=\(minimumSaving.percent),\(minimumSaving.bytes)",
            "metadata=\(metadata)", "clean-alpha=\(cleanAlpha)", "srgb=\(convertToSRGB)",
        ].joined(separator: ";")
    }

    public var fingerprintHash: String { String(SHA256.hex(Array(fingerprint.utf8)).prefix(16)) }
}
