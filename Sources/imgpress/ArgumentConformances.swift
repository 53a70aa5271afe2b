import ArgumentParser
import ImagePress

extension ImageFormat: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(fileExtension: argument)
    }

    public static var allValueStrings: [String] { ["jpeg", "png", "webp"] }
}

extension ChromaSubsampling: ExpressibleByArgument {}
