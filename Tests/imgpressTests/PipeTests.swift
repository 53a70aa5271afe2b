import Foundation
import ImagePress
import Testing

struct PipeTests {
    @Test func jpegThroughStandardInputAndOutput() throws {
        let input = try FileIO.read(Imgpress.fixture("jpeg/rocket.jpg"))
        let result = try Imgpress.run(["-"], stdin: input)
        #expect(result.status == 0)
        #expect(try ImageDecoder.format(of: result.stdout) == .jpeg)
        #expect(result.stdout.count < input.count)
        #expect(try JPEGCodec.decode(result.stdout).width == 640)
    }

    @Test func formatIsSniffedNotTakenFromAName() throws {
        // PNG bytes through a pipe, converted to WebP on standard output.
        let input = try FileIO.read(Imgpress.fixture("png/rgba.png"))
        let result = try Imgpress.run(["-", "-f", "webp", "-o", "-"], stdin: input)
        #expect(result.status == 0)
        #expect(try ImageDecoder.format(of: result.stdout) == .webp)
        #expect(try WebPCodec.decode(result.stdout).layout == .rgba)
    }

    @Test func anAlreadySmallFileIsPassedThroughUnchanged() throws {
        let input = try FileIO.read(Imgpress.fixture("webp/lossy.webp"))
        let result = try Imgpress.run(["-"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == input)
    }

    @Test func garbageOnStandardInputIsAnErrorWithNoOutput() throws {
        let result = try Imgpress.run(["-"], stdin: Array("not an image at all".utf8))
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderrLines == ["imgpress: error: -: not a JPEG, PNG or WebP file (starts with 0x6E 0x6F 0x74 0x20)"]
        )
    }

    @Test func inspectReadsStandardInput() throws {
        let input = try FileIO.read(Imgpress.fixture("metadata/tagged-orientation-6.jpg"))
        let result = try Imgpress.run(["inspect", "-"], stdin: input)
        #expect(result.status == 0)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.hasPrefix("-\n") && text.contains("orientation: 6"), "\(text)")
        #expect(try Imgpress.run(["inspect", "-", "-"], stdin: input).status == 2)
    }
}
