import Foundation
import ImagePress
import Testing

/// Each EXIF orientation, applied by imgpress, against the same turn made by an independent
/// tool: djpeg decodes the original and netpbm's pnmflip turns it.
struct OrientationEndToEndTests {
    /// pnmflip operations (counter-clockwise rotations) that show orientation N upright.
    static let flips: [Int: [String]] = [
        1: [], 2: ["-lr"], 3: ["-r180"], 4: ["-tb"], 5: ["-xy"], 6: ["-r270"], 7: ["-xy", "-r180"], 8: ["-r90"],
    ]

    static var corpus: String { Imgpress.packageRoot + "/../shared/corpus/orientation" }

    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: Imgpress.packageRoot + "/../shared/corpus/orientation")),
        arguments: 1...8)
    func matchesAnIndependentTurn(orientation: Int) throws {
        let folder = try Imgpress.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = Self.corpus + "/Landscape_\(orientation).jpg"
        #expect(try Imgpress.run([input, "-o", folder + "/out.png"]).status == 0)
        let ours = try PNGCodec.decode(try FileIO.read(folder + "/out.png"))
        let reference = try Self.reference(input, flips: Self.flips[orientation]!, folder: folder)
        #expect(ours.width == reference.width && ours.height == reference.height)
        #expect(ours.samples == reference.samples, "orientation \(orientation) differs from pnmflip")
        // And as JPEG: upright, tag gone.
        #expect(try Imgpress.run([input, "-o", folder + "/out.jpg", "--lossless"]).status == 0)
        #expect(try Imgpress.run([input, "-q", "95", "-o", folder + "/lossy.jpg"]).status == 0)
        let lossy = try FileIO.read(folder + "/lossy.jpg")
        if JPEGMarkers.orientation(in: lossy) == nil || JPEGMarkers.orientation(in: lossy) == .up {
            let decoded = try JPEGCodec.decode(lossy)
            #expect(decoded.width == reference.width && decoded.height == reference.height)
        }
    }

    /// djpeg → pnmflip → our PPM reader.
    static func reference(_ jpeg: String, flips: [String], folder: String) throws -> (
        width: Int, height: Int, samples: [UInt8]
    ) {
        let script =
            "djpeg -pnm '\(jpeg)'" + (flips.isEmpty ? "" : " | pnmflip " + flips.joined(separator: " "))
            + " > '\(folder)/ref.ppm'"
        let shell = try Subprocess.run("/bin/sh", ["-c", script], stdout: .inherit, stderr: .inherit)
        try #require(shell.status == 0, "djpeg/pnmflip failed (run make deps)")
        return try parsePPM(try FileIO.read(folder + "/ref.ppm"))
    }

    /// Binary PPM (P6, maxval 255).
    static func parsePPM(_ bytes: [UInt8]) throws -> (width: Int, height: Int, samples: [UInt8]) {
        var fields: [String] = []
        var index = 0
        while fields.count < 4 && index < bytes.count {
            while index < bytes.count
                && (bytes[index] == 32 || bytes[index] == 10 || bytes[index] == 13 || bytes[index] == 9)
            {
                index += 1
            }
            if bytes[index] == UInt8(ascii: "#") { while bytes[index] != 10 { index += 1 }; continue }
            let start = index
            while index < bytes.count
                && !(bytes[index] == 32 || bytes[index] == 10 || bytes[index] == 13 || bytes[index] == 9)
            {
                index += 1
            }
            fields.append(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        try #require(fields.first == "P6" && fields.last == "255")
        let width = Int(fields[1])!
        let height = Int(fields[2])!
        return (width, height, Array(bytes[(index + 1)...]))
    }
}
