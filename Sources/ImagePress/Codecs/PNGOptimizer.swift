import CShims
import Dispatch
import Foundation

/// The lossless PNG encoder: every reduction from `PNGReduction`, filtered with every strategy
/// the effort allows, each compressed whole at full strength (ranking with a fast level, or on a
/// sample of rows, picked filters up to 1.2 % worse on photos: measured, not guessed); at effort
/// 5 and 6 the best few again with zopfli. Trials run in parallel and ties go to the earlier
/// trial, so the output does not depend on timing. The caller verifies the result by decoding it
/// (see `Compressor`).
enum PNGOptimizer {
    private struct Trial {
        var candidate: Int
        var strategy: Int32
    }

    static func encode(
        _ image: PixelBuffer, metadata: EmbeddedMetadata, effort: PNGEffort, profileAsSRGBChunk: Bool
    ) throws -> [UInt8] {
        let candidates = PNGReduction.candidates(for: image, effort: effort)
        let packed = candidates.map(\.packedRows)
        let trials = candidates.indices.flatMap { index in
            effort.filters(paletteOrLowBit: candidates[index].isPaletteOrLowBit).map {
                Trial(candidate: index, strategy: $0)
            }
        }
        let lock = NSLock()
        nonisolated(unsafe) var sizes = [Int](repeating: Int.max, count: trials.count)
        nonisolated(unsafe) var best: (stream: [UInt8], trial: Int)?
        nonisolated(unsafe) var failure: (any Error)?
        DispatchQueue.concurrentPerform(iterations: trials.count) { index in
            let trial = trials[index]
            do {
                let filtered = try filter(packed[trial.candidate], candidates[trial.candidate], strategy: trial.strategy)
                let stream = try Deflate.compress(filtered, with: effort.finisher)
                lock.withLock {
                    sizes[index] = stream.count
                    if best == nil || (stream.count, index) < (best!.stream.count, best!.trial) {
                        best = (stream, index)
                    }
                }
            } catch {
                lock.withLock { failure = failure ?? error }
            }
        }
        if let failure { throw failure }
        var (stream, winner) = best!
        if let zopfli = effort.zopfli {
            let finalists = sizes.indices.sorted { (sizes[$0], $0) < (sizes[$1], $1) }.prefix(effort.zopfliFinalists)
            for index in finalists {
                let trial = trials[index]
                let filtered = try filter(packed[trial.candidate], candidates[trial.candidate], strategy: trial.strategy)
                let smaller = try Deflate.compress(filtered, with: zopfli)
                if smaller.count < stream.count { (stream, winner) = (smaller, index) }
            }
        }
        let chosen = candidates[trials[winner].candidate]
        return try PNGWriter.file(
            header: PNGWriter.Header(
                width: image.width, height: image.height, bitDepth: chosen.bitDepth, colorType: chosen.colorType),
            palette: chosen.palette, transparency: chosen.transparency, color: profileAsSRGBChunk ? pngColor(image.color) : image.color,
            metadata: metadata, compressedImage: stream)
    }

    /// An ICC profile that behaves exactly as sRGB becomes PNG's one-byte sRGB chunk (with the
    /// profile's rendering intent): the same colours in about 3 KB less.
    private static func pngColor(_ color: ColorInfo) -> ColorInfo {
        guard let profile = color.iccProfile, ColorManagement.behavesAsSRGB(profile) else { return color }
        var result = color
        result.iccProfile = nil
        result.srgbIntent = ICCProfileInfo.renderingIntent(of: profile)
        return result
    }

    private static func filter(_ packed: [UInt8], _ candidate: PNGReduction.Candidate, strategy: Int32) throws
        -> [UInt8]
    {
        let rowBytes = candidate.rowBytes
        let height = candidate.height
        let count = height * (rowBytes + 1)
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            try CStatusFunnel.call(.png, encoding: true) { status in
                ipx_png_filter(
                    packed, UInt32(height), rowBytes, Int32(candidate.filterDistance), strategy, buffer.baseAddress,
                    status)
            }
            initialized = count
        }
    }
}
