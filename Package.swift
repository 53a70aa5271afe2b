// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "imgpress",
    products: [
        .executable(name: "imgpress", targets: ["imgpress"]),
        .library(name: "ImagePress", targets: ["ImagePress"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries: headers and link flags come from pkg-config; Debian package names
        // are the same ones `make deps` installs.
        .systemLibrary(
            name: "CJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"]), .brew(["jpeg-turbo"])]),
        .systemLibrary(
            name: "CPNG", pkgConfig: "libpng16",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .systemLibrary(
            name: "CWebP", pkgConfig: "libwebp libwebpmux libwebpdemux",
            providers: [.apt(["libwebp-dev"]), .brew(["webp"])]),
        .systemLibrary(
            name: "CLCMS2", pkgConfig: "lcms2",
            providers: [.apt(["liblcms2-dev"]), .brew(["little-cms2"])]),
        // PNG's deflate: libdeflate (levels up to 12). zopfli (libzopfli-dev) has no pkg-config
        // file in Debian, so CShims links it by name below.
        .systemLibrary(
            name: "CDeflate", pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"]), .brew(["libdeflate"])]),
        // Lossy PNG: palette quantization with dithering.
        .systemLibrary(
            name: "CImageQuant", pkgConfig: "imagequant",
            providers: [.apt(["libimagequant-dev"]), .brew(["libimagequant"])]),
        // Tests only: libjpeg-turbo's TurboJPEG API as a second, independent decoder of our output.
        .systemLibrary(
            name: "CTurboJPEG", pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"]), .brew(["jpeg-turbo"])]),
        // The only code that calls the C libraries: it owns every setjmp and returns status codes.
        .target(
            name: "CShims",
            dependencies: ["CJPEG", "CPNG", "CWebP", "CLCMS2", "CDeflate", "CImageQuant"],
            // zlib itself (PNG's deflate strategies) and zopfli.
            linkerSettings: [.linkedLibrary("z"), .linkedLibrary("zopfli")]),
        .target(name: "ImagePress", dependencies: ["CShims"]),
        .executableTarget(
            name: "imgpress",
            dependencies: [
                "ImagePress",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "ImagePressTests", dependencies: ["ImagePress", "CShims", "CTurboJPEG"]),
        .testTarget(name: "imgpressTests", dependencies: ["imgpress", "ImagePress"]),
    ],
    swiftLanguageModes: [.v6]
)

// Strictness in one place: every Swift target gets the same settings.
for target in package.targets where target.type != .system && target.name != "CShims" {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
