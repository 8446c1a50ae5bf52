/// Turns a file's UTF-8 bytes into tokens. Works on bytes; never fails:
/// problems become diagnostics and the lexer carries on.
///
/// A line ends at LF, CR or CRLF, everywhere: a comment stops there, a
/// string may not run over it, and the next token starts a line (the same
/// rule as `SourceFile`'s line table, so that positions agree).
package struct Lexer {
    let bytes: [UInt8]
    let file: Int32
    var pos = 0
    package private(set) var diagnostics: [Diagnostic] = []

    package init(bytes: [UInt8], file: Int32) {
        self.bytes = bytes
        self.file = file
        // A UTF-8 byte order mark is allowed and ignored.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    }

    /// Tokenises the whole file; the last token is `.eof`.
    package static func tokenize(_ bytes: [UInt8], file: Int32) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(bytes: bytes, file: file)
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 4)
        while true {
            let t = lexer.next()
            tokens.append(t)
            if t.kind == .eof { break }
        }
        return (tokens, lexer.diagnostics)
    }

    private func range(_ a: Int, _ b: Int) -> SourceRange { SourceRange(file: file, start: a, end: b) }

    private mutating func error(_ code: String, _ message: String, _ a: Int, _ b: Int, fixIts: [FixIt] = []) {
        // Cap the count so binary garbage does not flood the terminal.
        if diagnostics.count == 100 {
            diagnostics.append(Diagnostic(.error, "too-many-errors", "too many errors in this file; stopping here", at: range(a, b)))
        }
        guard diagnostics.count < 100 else { return }
        diagnostics.append(Diagnostic(.error, code, message, at: range(a, b), fixIts: fixIts))
    }

    @inline(__always) private func peek(_ k: Int = 0) -> UInt8 {
        pos + k < bytes.count ? bytes[pos + k] : 0
    }

    /// LF or CR: the end of a line (CRLF is two of them, and one line end).
    @inline(__always) static func isLineEnd(_ b: UInt8) -> Bool { b == 10 || b == 13 }

    private static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == 95
    }

    private static func isIdentChar(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    package mutating func next() -> Token {
        var lineStart = pos == 0 || (pos == 3 && bytes.count >= 3 && bytes[0] == 0xEF)
        // Skip whitespace and comments.
        while pos < bytes.count {
            let b = bytes[pos]
            if Lexer.isLineEnd(b) { lineStart = true; pos += 1 }
            else if b == 32 || b == 9 { pos += 1 }
            else if b == UInt8(ascii: "#") {
                let start = pos
                while pos < bytes.count, !Lexer.isLineEnd(bytes[pos]) { pos += 1 }
                validateUTF8(start, pos)
            } else { break }
        }
        let start = pos
        func token(_ kind: TokenKind) -> Token {
            Token(kind: kind, start: Int32(start), end: Int32(pos), atLineStart: lineStart)
        }
        guard pos < bytes.count else { return token(.eof) }
        let b = bytes[pos]
        if Lexer.isIdentStart(b) {
            while pos < bytes.count, Lexer.isIdentChar(bytes[pos]) { pos += 1 }
            if pos < bytes.count, bytes[pos] >= 0x80 { return nonASCIIIdentifier(start, lineStart) }
            return token(.identifier)
        }
        if Lexer.isDigit(b) { return number(start, lineStart) }
        pos += 1
        switch b {
        case UInt8(ascii: "{"): return token(.lBrace)
        case UInt8(ascii: "}"): return token(.rBrace)
        case UInt8(ascii: "["): return token(.lBracket)
        case UInt8(ascii: "]"): return token(.rBracket)
        case UInt8(ascii: "("): return token(.lParen)
        case UInt8(ascii: ")"): return token(.rParen)
        case UInt8(ascii: ","): return token(.comma)
        case UInt8(ascii: ":"): return token(.colon)
        case UInt8(ascii: "+"): return token(.plus)
        case UInt8(ascii: "-"): return token(.minus)
        case UInt8(ascii: "="):
            if peek() == UInt8(ascii: "=") {
                pos += 1
                error("unexpected-character", "use '=' to compare, not '=='", start, pos,
                      fixIts: [FixIt(range: range(start, pos), replacement: "=", message: "replace '==' with '='")])
            }
            return token(.equal)
        case UInt8(ascii: "!"):
            if peek() == UInt8(ascii: "=") { pos += 1; return token(.notEqual) }
            error("unexpected-character", "unexpected '!'; write 'not' to negate a condition, '!=' for 'not equal'", start, pos)
            return token(.unknown)
        case UInt8(ascii: "<"):
            if peek() == UInt8(ascii: "=") { pos += 1; return token(.lessEqual) }
            return token(.less)
        case UInt8(ascii: ">"):
            if peek() == UInt8(ascii: "=") { pos += 1; return token(.greaterEqual) }
            return token(.greater)
        case UInt8(ascii: "\""):
            return string(start, lineStart)
        default:
            pos -= 1
            return unexpected(start, lineStart)
        }
    }

    private mutating func number(_ start: Int, _ lineStart: Bool) -> Token {
        while pos < bytes.count, Lexer.isDigit(bytes[pos]) { pos += 1 }
        // YYYY-MM-DD is one date token.
        if pos - start == 4, peek() == UInt8(ascii: "-"), Lexer.isDigit(peek(1)) {
            let save = pos
            pos += 1
            var parts = 1
            while parts < 3 {
                let s = pos
                while pos < bytes.count, Lexer.isDigit(bytes[pos]) { pos += 1 }
                if pos == s { break }
                parts += 1
                if parts < 3 { if peek() == UInt8(ascii: "-") { pos += 1 } else { break } }
            }
            if parts == 3 {
                return Token(kind: .date, start: Int32(start), end: Int32(pos), atLineStart: lineStart)
            }
            pos = save
        }
        // `4weeks` is two tokens; the parser reads a number and a unit as a duration.
        return Token(kind: .integer, start: Int32(start), end: Int32(pos), atLineStart: lineStart)
    }

    private mutating func string(_ start: Int, _ lineStart: Bool) -> Token {
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                validateUTF8(start, pos)
                return Token(kind: .string, start: Int32(start), end: Int32(pos), atLineStart: lineStart)
            }
            if Lexer.isLineEnd(c) { break }
            if c == UInt8(ascii: "\\") {
                let n = peek(1)
                if n == UInt8(ascii: "\"") || n == UInt8(ascii: "\\") || n == UInt8(ascii: "n") || n == UInt8(ascii: "t") {
                    pos += 2
                    continue
                }
                error("invalid-escape", "unknown escape '\\\(n >= 32 && n < 127 ? String(UnicodeScalar(n)) : "?")' in string; use \\\", \\\\, \\n or \\t", pos, min(bytes.count, pos + 2))
                pos += 1
                continue
            }
            pos += 1
        }
        validateUTF8(start, pos)
        error("unterminated-string", "unterminated string: a string must end with '\"' on the same line", start, pos)
        return Token(kind: .string, start: Int32(start), end: Int32(pos), atLineStart: lineStart)
    }

    /// An identifier that runs into non-ASCII letters (`fritidspas_hillerød`).
    private mutating func nonASCIIIdentifier(_ start: Int, _ lineStart: Bool) -> Token {
        while pos < bytes.count, Lexer.isIdentChar(bytes[pos]) || bytes[pos] >= 0x80 { pos += 1 }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        let ascii = text.replacingDanishLetters()
        var fixIts: [FixIt] = []
        if ascii.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
            fixIts.append(FixIt(range: range(start, pos), replacement: ascii, message: "write '\(ascii)'"))
        }
        error("non-ascii-name", "names may use only a–z, 0–9 and '_'; '\(text)' has other letters (Danish letters belong in strings and labels)", start, pos, fixIts: fixIts)
        return Token(kind: .identifier, start: Int32(start), end: Int32(pos), atLineStart: lineStart)
    }

    private mutating func unexpected(_ start: Int, _ lineStart: Bool) -> Token {
        // Swallow a run of unusable bytes as one token with one diagnostic.
        var end = start
        while end < bytes.count {
            let c = bytes[end]
            if Lexer.isLineEnd(c) || c == 32 || c == 9 || Lexer.isIdentChar(c) { break }
            if c < 0x80, "{}[](),:=<>+-\"#!".utf8.contains(c) { break }
            end += 1
        }
        if end == start { end = start + 1 }
        pos = end
        let shown = String(decoding: bytes[start..<end], as: UTF8.self)
        let valid = String(validating: bytes[start..<end], as: UTF8.self) != nil
        if valid {
            let s = shown.count > 20 ? String(shown.prefix(20)) + "…" : shown
            error("unexpected-character", "unexpected character\(shown.count > 1 ? "s" : "") '\(s)'", start, end)
        } else {
            error("invalid-utf8", "invalid UTF-8: rule files must be saved as UTF-8", start, end)
        }
        return Token(kind: .unknown, start: Int32(start), end: Int32(end), atLineStart: lineStart)
    }

    private mutating func validateUTF8(_ a: Int, _ b: Int) {
        var i = a
        while i < b {
            // Fast path over ASCII.
            if bytes[i] < 0x80 { i += 1; continue }
            let j = min(b, i + 4)
            var ok = false
            for len in 2...4 where i + len <= j {
                if String(validating: bytes[i..<(i + len)], as: UTF8.self) != nil { i += len; ok = true; break }
            }
            if !ok {
                error("invalid-utf8", "invalid UTF-8: rule files must be saved as UTF-8", i, i + 1)
                i += 1
            }
        }
    }
}

extension String {
    /// æ → ae, ø → oe, å → aa (and capitals), as Danish ids are written.
    func replacingDanishLetters() -> String {
        var s = ""
        for c in self {
            switch c {
            case "æ": s += "ae"
            case "ø": s += "oe"
            case "å": s += "aa"
            case "Æ": s += "Ae"
            case "Ø": s += "Oe"
            case "Å": s += "Aa"
            default: s.append(c)
            }
        }
        return s
    }
}
