import CShims
import Dispatch
import Synchronization

/// The lossless PNG encoder: every reduction from `PNGReduction`, filtered with every strategy
/// the effort allows, each compressed whole by the effort's ranker; the best few are compressed
/// again at full strength (see `PNGEffort` for what each level does and what it measured); at
/// effort 5 and 6 the best few again with zopfli. Trials run in parallel and ties go to the
/// earlier trial, so the output does not depend on timing. The caller verifies the result by
/// decoding it (see `Compressor`).
enum PNGOptimizer {
    private struct Trial {
        var candidate: Int
        var strategy: Int32
        /// For the brute-force filter: how many bytes of earlier rows each row is judged with.
        var bruteContext = 0
    }

    /// Reductions whose rows take at most this many bytes get every trial even when a more
    /// compact reduction exists: it costs little there.
    private static let smallImageBytes = 64 * 1024

    /// Rows shorter than this get no brute-force trial (see `encode`).
    private static let bruteMinimumRowBytes = 64

    static func encode(
        _ image: PixelBuffer, metadata: EmbeddedMetadata, effort: PNGEffort, profileAsSRGBChunk: Bool,
        quantized: Bool
    ) throws -> [UInt8] {
        let color = profileAsSRGBChunk ? pngColor(image.color) : image.color
        let candidates = PNGReduction.candidates(
            for: image, effort: effort, profileColorSpace: color.iccProfile.flatMap(ICCProfileInfo.colorSpace(of:)),
            quantized: quantized)
        let packed = candidates.map(\.packedRows)
        // The wide form (RGB, 8-bit gray) of an image that also has a palette or low-bit form is
        // tried only in small images, where trials cost little: the compact form won on every
        // corpus PNG above that size. On 207 corpus PNGs the same bytes as trying everything:
        // leaving out the brute-force filter there (the slowest trial by far) took 9 % less time,
        // leaving out the rest too another 2 % (indexed.png ranked in 64 ms instead of 88).
        let hasCompactForm = candidates.contains(where: \.isPaletteOrLowBit)
        func worthTrying(_ index: Int) -> Bool {
            candidates[index].isPaletteOrLowBit || !hasCompactForm || packed[index].count <= Self.smallImageBytes
        }
        let trials = candidates.indices.filter(worthTrying).flatMap { index in
            effort.filters(paletteOrLowBit: candidates[index].isPaletteOrLowBit).flatMap { strategy in
                guard strategy == IPX_FILTER_BRUTE else { return [Trial(candidate: index, strategy: strategy)] }
                // The brute-force filter judges each row with its context, so its cost per row
                // does not shrink with the row: a 1x200000 image took 13 s, 68 us a row.
                guard candidates[index].rowBytes >= Self.bruteMinimumRowBytes else { return [] }
                return effort.bruteContexts.map { Trial(candidate: index, strategy: strategy, bruteContext: $0) }
            }
        }
        func filtered(_ index: Int) throws -> [UInt8] {
            let trial = trials[index]
            return try filter(
                packed[trial.candidate], candidates[trial.candidate], strategy: trial.strategy,
                bruteContext: trial.bruteContext)
        }
        let finishes = effort.ranker != effort.finisher
        // The brute-force filter costs several times any other trial, so those trials start
        // first: started last, one of them kept a core busy after the others were done.
        let slowestFirst =
            trials.indices.filter { trials[$0].strategy == IPX_FILTER_BRUTE }
            + trials.indices.filter { trials[$0].strategy != IPX_FILTER_BRUTE }
        // The finalists' filtered rows are kept from the ranking, not filtered again (the
        // brute-force filter costs more than a level-12 compression on photos).
        // Trials are compared by the bytes they add to the file: their stream and their palette.
        let chunkBytes = trials.map { candidates[$0.candidate].chunkBytes }
        let ranked = try compressEach(
            slowestFirst, with: effort.ranker, keepingInputs: finishes ? effort.finalists : 0, chunkBytes: chunkBytes,
            filtered)
        var (stream, winner) = ranked.best
        let order = trials.indices.sorted { (ranked.sizes[$0]!, $0) < (ranked.sizes[$1]!, $1) }
        func smaller(_ candidate: [UInt8], _ trial: Int) -> Bool {
            candidate.count + chunkBytes[trial] < stream.count + chunkBytes[winner]
        }
        if finishes {
            let finished = try compressEach(
                Array(order.prefix(effort.finalists)), with: effort.finisher, chunkBytes: chunkBytes
            ) { try ranked.inputs[$0] ?? filtered($0) }
            if smaller(finished.best.stream, finished.best.trial) { (stream, winner) = finished.best }
        }
        if let zopfli = effort.zopfli {
            for index in order.prefix(effort.zopfliFinalists) {
                let deflated = try Deflate.compress(filtered(index), with: zopfli)
                if smaller(deflated, index) { (stream, winner) = (deflated, index) }
            }
        }
        let chosen = candidates[trials[winner].candidate]
        return try PNGWriter.file(
            header: PNGWriter.Header(
                width: image.width, height: image.height, bitDepth: chosen.bitDepth, colorType: chosen.colorType),
            palette: chosen.palette, transparency: chosen.transparency,
            color: color,
            metadata: metadata, compressedImage: stream)
    }

    /// Compresses the trials `indices` on all cores. Keeps every size (the stream's plus the
    /// trial's `chunkBytes`) but only the smallest stream by that size (ties to the earlier
    /// index), and the inputs of the `keepingInputs` smallest, so memory stays near one stream and
    /// one input per core.
    private static func compressEach(
        _ indices: [Int], with backend: Deflate.Backend, keepingInputs keep: Int = 0, chunkBytes: [Int],
        _ filtered: (Int) throws -> [UInt8]
    ) throws -> (sizes: [Int: Int], best: (stream: [UInt8], trial: Int), inputs: [Int: [UInt8]]) {
        struct Shared {
            var sizes: [Int: Int] = [:]
            var best: (stream: [UInt8], trial: Int, size: Int)?
            var smallest: [(size: Int, trial: Int, input: [UInt8])] = []
            var failure: (any Error)?
        }
        // Each call writes shared state only under the mutex.
        nonisolated(unsafe) let filtered = filtered
        let shared = Mutex(Shared())
        DispatchQueue.concurrentPerform(iterations: indices.count) { position in
            let index = indices[position]
            do {
                let input = try filtered(index)
                let stream = try Deflate.compress(input, with: backend)
                let size = stream.count + chunkBytes[index]
                shared.withLock { state in
                    state.sizes[index] = size
                    if state.best.map({ (size, index) < ($0.size, $0.trial) }) ?? true {
                        state.best = (stream, index, size)
                    }
                    guard keep > 0 else { return }
                    state.smallest.append((size, index, input))
                    state.smallest.sort { ($0.size, $0.trial) < ($1.size, $1.trial) }
                    if state.smallest.count > keep { state.smallest.removeLast() }
                }
            } catch {
                shared.withLock { state in state.failure = state.failure ?? error }
            }
        }
        return try shared.withLock { state in
            if let failure = state.failure { throw failure }
            return (
                state.sizes, (state.best!.stream, state.best!.trial),
                Dictionary(uniqueKeysWithValues: state.smallest.map { ($0.trial, $0.input) })
            )
        }
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

    private static func filter(
        _ packed: [UInt8], _ candidate: PNGReduction.Candidate, strategy: Int32, bruteContext: Int
    ) throws -> [UInt8] {
        let rowBytes = candidate.rowBytes
        let height = candidate.height
        let count = height * (rowBytes + 1)
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            try CStatusFunnel.call(.png, encoding: true) { status in
                ipx_png_filter(
                    packed, UInt32(height), rowBytes, Int32(candidate.filterDistance), strategy, bruteContext,
                    buffer.baseAddress, status)
            }
            initialized = count
        }
    }
}
