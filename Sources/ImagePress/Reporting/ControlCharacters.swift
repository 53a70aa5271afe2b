extension String {
    /// The text with control characters written as escapes ("\n", "\u{1b}"), for anything that
    /// comes from outside (file names, and the errors that quote them): a newline would break
    /// the one-line-per-file output or end a Markdown table row, and an escape sequence could
    /// drive the terminal.
    public var escapingControlCharacters: String {
        // C0 and C1 controls, and the bidirectional embeddings, overrides and isolates, which
        // reorder the text after them on a terminal (a comment could make a file name read
        // backwards).
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value) || scalar.value == 0x200E || scalar.value == 0x200F
        }
        guard unicodeScalars.contains(where: isControl) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar): result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
