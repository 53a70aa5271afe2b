import Testing

@testable import ImagePress

struct GlobPatternTests {
    @Test func patternWithoutSlashMatchesTheNameInAnyFolder() {
        let png = GlobPattern("*.png")
        #expect(png.matches("a.png"))
        #expect(png.matches("deep/down/b.png"))
        #expect(!png.matches("a.png.txt"))
    }

    @Test func doubleStarCrossesFolders() {
        let vendor = GlobPattern("vendor/**")
        #expect(vendor.matches("vendor/a.png"))
        #expect(vendor.matches("vendor/x/y/z.jpg"))
        #expect(!vendor.matches("src/vendor/a.png"))
        let anyLevel = GlobPattern("**/icons/*.png")
        #expect(anyLevel.matches("icons/a.png"))
        #expect(anyLevel.matches("app/res/icons/a.png"))
        #expect(!anyLevel.matches("app/res/icons/big/a.png"))
    }

    @Test func folderPatternsPruneWalks() {
        #expect(GlobPattern("vendor/**").coversFolder("vendor"))
        #expect(GlobPattern("vendor/").coversFolder("vendor/deep"))
        #expect(!GlobPattern("vendor/*.png").coversFolder("vendor"))
        #expect(!GlobPattern("*.png").coversFolder("vendor"))
    }

    @Test func characterClassesAndQuestionMarks() {
        #expect(GlobPattern("img-?.[jp]*").matches("x/img-1.png"))
        #expect(!GlobPattern("img-?.[jp]*").matches("img-10.png"))
    }
}
