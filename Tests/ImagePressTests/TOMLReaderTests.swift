import Testing

@testable import ImagePress

struct TOMLReaderTests {
    @Test func readsEveryKindOfValueWithItsLine() throws {
        let table = try TOMLReader.parse(
            #"""
            # a comment
            title = "a \"quoted\" word\tand \u00E9 \U0001F600"   # trailing comment
            path = 'C:\Users\no\escapes'
            poem = """
            Roses \
               are red"""
            raw = '''
            first line
            it's "raw" \n'''
            quotes = """two "" inside and one at the end""""
            decimal = +1_000
            negative = -17
            zero = 0
            hex = 0xDEAD_beef
            octal = 0o755
            binary = 0b1101
            float = 6.626e-34
            fraction = -0.5
            big = 5E+22
            infinite = -inf
            yes = true
            no = false
            when = 1979-05-27T07:32:00.999-07:00
            spaced = 1979-05-27 07:32:00Z
            day = 1979-05-27
            time = 07:32:00
            nested = [ [1, 2], ["a", 'b'], [] ]
            multi = [
              "x",  # comments inside arrays
              "y",
            ]
            site."google.com" = true
            point = { x = 1, y.z = 2 }
            """#)
        #expect(table["title"] == .string("a \"quoted\" word\tand é 😀"))
        #expect(table["path"] == .string(#"C:\Users\no\escapes"#))
        #expect(table["poem"] == .string("Roses are red"))
        #expect(table["raw"] == .string("first line\nit's \"raw\" \\n"))
        #expect(table["quotes"] == .string(#"two "" inside and one at the end""#))
        #expect(
            table["decimal"] == .integer(1000) && table["negative"] == .integer(-17) && table["zero"] == .integer(0))
        #expect(table["hex"] == .integer(0xDEAD_BEEF) && table["octal"] == .integer(0o755))
        #expect(table["binary"] == .integer(13))
        #expect(
            table["float"] == .float(6.626e-34) && table["fraction"] == .float(-0.5) && table["big"] == .float(5e22))
        #expect(table["infinite"] == .float(-.infinity))
        #expect(table["yes"] == .boolean(true) && table["no"] == .boolean(false))
        #expect(table["when"] == .dateTime("1979-05-27T07:32:00.999-07:00"))
        #expect(table["spaced"] == .dateTime("1979-05-27 07:32:00Z"))
        #expect(table["day"] == .dateTime("1979-05-27") && table["time"] == .dateTime("07:32:00"))
        #expect(
            table["nested"]
                == .array([.array([.integer(1), .integer(2)]), .array([.string("a"), .string("b")]), .array([])]))
        #expect(table["multi"] == .array([.string("x"), .string("y")]))
        #expect(table["site"]?.table?["google.com"] == .boolean(true))
        let point = try #require(table["point"]?.table)
        #expect(point["x"] == .integer(1) && point["y"]?.table?["z"] == .integer(2))
        #expect(table.keys.prefix(3) == ["title", "path", "poem"])
        #expect(table.entries.first { $0.key == "decimal" }?.line == 11)
        #expect(table.entries.first { $0.key == "point" }?.line == 33)
    }

    @Test func tablesHeadersAndArraysOfTables() throws {
        let table = try TOMLReader.parse(
            "[overrides]\r\n\"*.png\" = { lossless = true }\r\n\n[overrides.\"photos/**\"]\nquality = 75\n\n"
                + "[a.b.c]\nx = 1\n[a]\ny = 2\n\n[[shots]]\nname = \"one\"\n[shots.size]\nw = 3\n[[shots]]\nname = \"two\"\n"
        )
        let overrides = try #require(table["overrides"]?.table)
        #expect(overrides.keys == ["*.png", "photos/**"])
        #expect(overrides.entries.map(\.line) == [2, 4])
        #expect(overrides["photos/**"]?.table?["quality"] == .integer(75))
        let a = try #require(table["a"]?.table)
        #expect(a["y"] == .integer(2) && a["b"]?.table?["c"]?.table?["x"] == .integer(1))
        #expect(table.entries.first { $0.key == "a" }?.line == 9)
        let shots = try #require(table["shots"]?.array)
        #expect(shots.count == 2)
        #expect(shots[0].table?["size"]?.table?["w"] == .integer(3) && shots[1].table?["name"] == .string("two"))
    }

    @Test(arguments: [
        ("a = 1\nb = 2\na = 3\n", 3, "the key 'a' is defined twice"),
        ("[t]\nx = 1\n[t]\n", 3, "[t] is already defined"),
        ("[x.y]\n[x]\ny.z = 1\n", 3, "'y' is already defined"),
        ("p = { x = 1 }\n[p.q]\n", 2, "'p' is a value"),
        ("[f]\napple.color = 1\n[f.apple]\n", 3, "[f.apple] is already defined"),
        ("arr = []\n[[arr]]\n", 2, "[[arr]] is already defined"),
        ("p = { x = 1, }\n", 1, "expected a key"),
        ("p = { x = 1,\n y = 2 }\n", 1, "expected a key"),
        ("s = \"open\n", 1, "a string in double quotes ends on its line"),
        ("s = \"bad \\q\"\n", 1, "unknown escape '\\q'"),
        ("s = \"\\uD800\"\n", 1, "'\\u' needs 4 hex digits of a Unicode scalar"),
        ("n = 0123\n", 1, "'0123' is not a TOML value"),
        ("n = 1__0\n", 1, "'1__0' is not a TOML value"),
        ("n = 1.\n", 1, "'1.' is not a TOML value"),
        ("n = -0x1F\n", 1, "'-0x1F' is not a TOML value"),
        ("n = 99999999999999999999\n", 1, "is not a TOML value"),
        ("flag = yes\n", 1, "'yes' is not a TOML value"),
        ("quality = = 3\n", 1, "expected a value"),
        ("\n\nquality 3\n", 3, "expected '=' after the key 'quality'"),
        ("a = 1 b = 2\n", 1, "expected the end of the line, found 'b'"),
        ("a = [1, 2\nb = 3\n", 2, "expected ',' or ']' in the array"),
        ("a = 1\rb = 2\n", 1, "a carriage return must be followed by a line feed"),
        ("[table\n", 1, "expected ']' to close the table header [table]"),
        ("s = '''never closed\n", 2, "a string in ''' is not closed"),
        ("s = \"tab\tok but bell \u{07}\"\n", 1, "control character 0x7"),
        ("d = 1979-13-27\n", 1, "'1979-13-27' is not a TOML value"),
        ("d = 2023-02-29\n", 1, "'2023-02-29' is not a TOML value"),
        ("d = 1900-02-29T00:00:00Z\n", 1, "'1900-02-29T00:00:00Z' is not a TOML value"),
        ("d = 2024-04-31\n", 1, "'2024-04-31' is not a TOML value"),
        ("[[a] ]\n", 1, "expected ']]' to close the header [[a]]"),
        ("s = \"\\u+041\"\n", 1, "'\\u' needs 4 hex digits"),
        (
            "a = " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200), 1,
            "nested more than 128 deep"
        ),
    ])
    func invalidDocumentsNameTheLineAndTheProblem(document: String, line: Int, message: String) {
        let error = #expect(throws: TOMLError.self) { try TOMLReader.parse(document) }
        #expect(error?.line == line)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test func leapDaysAreDates() throws {
        #expect(try TOMLReader.parse("d = 2000-02-29\n")["d"] == .dateTime("2000-02-29"))
        #expect(try TOMLReader.parse("d = 2024-02-29T12:00:00Z\n")["d"] == .dateTime("2024-02-29T12:00:00Z"))
    }

    /// Damaged documents (bytes dropped, changed or repeated at random, seeded) either parse or
    /// fail with a line inside the document: never a crash or a line past the end.
    @Test func damagedDocumentsFailCleanly() {
        let original = Array(
            #"""
            a = "x\u00e9"
            b = [1, 2.5, 'c', { d = true }]
            [t."u"]
            s = """
            multi\
              line"""
            [[r]]
            when = 1979-05-27T07:32:00Z
            n = 0x1F
            l = '''x'''

            """#.utf8)
        var generator = JPEGCoderTests.SplitMix(state: 7)
        let alphabet = Array("\"'[]{}=,.#\\\n\r \t0aeu+-:_".utf8)
        var failures = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0...Int.random(in: 0...3, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0...2, using: &generator) {
                case 0: bytes.remove(at: at)
                case 1: bytes[at] = alphabet.randomElement(using: &generator)!
                default: bytes.insert(bytes[at], at: at)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try TOMLReader.parse(text)
            } catch {
                failures += 1
                let lines = text.utf8.count { $0 == UInt8(ascii: "\n") } + 1
                #expect((1...lines).contains(error.line), "\(text)")
            }
        }
        #expect(failures > 1000)
    }
}
