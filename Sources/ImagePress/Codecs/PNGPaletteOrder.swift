/// Palette orders that put colours which touch in the image next to each other, so that PNG's
/// filters see small differences between neighbouring indices and deflate sees repeats. The idea
/// is Zeng's colour re-indexing (W. Zeng, J. Li, S. Lei, "An efficient color re-indexing scheme
/// for palette-based compression", ICIP 2000): weigh each pair of colours by how often they are
/// neighbours, then lay the colours out in a chain that keeps heavy pairs adjacent.
enum PNGPaletteOrder {
    /// `indices`: each pixel's colour as an index into a palette of `count` colours, row by row.
    /// Returns the colours (old indices) in their new order: a chain grown from the heaviest pair,
    /// each step adding, at either end, the colour that most often touches that end's colour.
    /// When no colour left touches either end, the unplaced colour of lowest index joins at the
    /// back and the chain grows on from there.
    static func byAdjacency(_ indices: [UInt8], width: Int, count: Int) -> [Int] {
        guard count > 2, width > 0 else { return Array(0..<count) }
        // Int, not Int32: one pair can touch twice per pixel, past Int32 above 1 Gpx.
        var weight = [Int](repeating: 0, count: count * count)
        indices.withUnsafeBufferPointer { pixels in
            func touch(_ a: UInt8, _ b: UInt8) {
                guard a != b else { return }
                weight[Int(a) * count + Int(b)] += 1
                weight[Int(b) * count + Int(a)] += 1
            }
            for i in pixels.indices {
                if i % width != 0 { touch(pixels[i - 1], pixels[i]) }
                if i >= width { touch(pixels[i - width], pixels[i]) }
            }
        }
        var heaviest = (weight: -1, a: 0, b: 1)
        for a in 0..<count {
            for b in (a + 1)..<count where weight[a * count + b] > heaviest.weight {
                heaviest = (weight[a * count + b], a, b)
            }
        }
        var chain = [heaviest.a, heaviest.b]
        var placed = [Bool](repeating: false, count: count)
        placed[heaviest.a] = true
        placed[heaviest.b] = true
        while chain.count < count {
            var best = (weight: 0, colour: -1, atFront: false)
            let front = chain.first!, back = chain.last!
            for colour in 0..<count where !placed[colour] {
                let toFront = weight[colour * count + front], toBack = weight[colour * count + back]
                if toBack > best.weight { best = (toBack, colour, false) }
                if toFront > best.weight { best = (toFront, colour, true) }
            }
            if best.colour < 0 { best.colour = placed.firstIndex(of: false)! }
            placed[best.colour] = true
            if best.atFront { chain.insert(best.colour, at: 0) } else { chain.append(best.colour) }
        }
        return chain
    }
}
