import Testing
@testable import RulesDSL

/// No output carries a control character raw: text shows `\n`, `\t`, `\r`,
/// `\u{1B}`; JSON `\n`, `\u001b`, `\u2028` (issue 15, finding 10: a profile
/// id or a rule string with ESC, BEL or a line break forged lines and
/// commanded the terminal; `check --format json` gave a raw U+2028).
@Suite struct ControlCharacterTests {
    static let escaped: [(String, String, String)] = [
        // raw, as text, as JSON (without the quotes)
        ("\u{1B}[31mX\nY", #"\u{1B}[31mX\nY"#, #"\u001b[31mX\nY"#),
        ("bell\u{7}", #"bell\u{7}"#, #"bell\u0007"#),
        ("a\tb\rc", #"a\tb\rc"#, #"a\tb\rc"#),
        ("nul\u{0}", #"nul\u{0}"#, #"nul\u0000"#),
        ("del\u{7F}", #"del\u{7F}"#, #"del\u007f"#),
        ("next line\u{85}", #"next line\u{85}"#, #"next line\u0085"#),
        ("csi\u{9B}2J", #"csi\u{9B}2J"#, #"csi\u009b2J"#),
        ("line\u{2028}para\u{2029}", #"line\u{2028}para\u{2029}"#, #"line\u2028para\u2029"#),
    ]

    @Test(arguments: escaped)
    func textAndJSONEscapeEveryControl(raw: String, text: String, json: String) {
        #expect(raw.escapingControls == text)
        #expect(text.escapingControls == text, "escaping twice changes more")
        #expect(JSONWriter.quote(raw) == "\"" + json + "\"")
    }

    /// Letters that share a lead byte with a control (C2: `§`, a no-break
    /// space; E2 80: `–`, `“`, `…`) and everything else stay as they are.
    @Test(arguments: ["Fritidspas – Mål 6 “målrettet” … § 17\u{A0}stk. æøå ≥ ✓", "", "plain", "\u{A0}\u{BF}\u{2027}\u{202A}"])
    func otherTextIsUnchanged(s: String) {
        #expect(s.escapingControls == s)
        #expect(JSONWriter.quote(s) == "\"" + s + "\"")
        #expect(!ControlCharacters.occur(in: s))
    }

    @Test func everyControlIsFoundByTheFastScan() {
        for v in Array(0..<0x20) + Array(0x7F...0x9F) + [0x2028, 0x2029] {
            let u = Unicode.Scalar(UInt32(v))!
            let s = "ab" + String(Character(u)) + "cd"
            #expect(ControlCharacters.contains(u))
            #expect(ControlCharacters.occur(in: s), "U+\(String(v, radix: 16))")
            #expect(!s.escapingControls.unicodeScalars.contains(where: ControlCharacters.contains))
        }
    }

    /// A rule string with ESC and BEL before an error on the same line:
    /// the line is shown escaped and the caret still points at the error.
    @Test func theSourceLineIsEscapedAndTheCaretMovesWithIt() {
        let src = "offer o {\n  name da \"A\u{1B}[31m\u{7}B\" en \"C\" bogus\n  municipality roskilde\n  source \"s.txt\"\n}\n"
        let d = check(src).first { $0.contains("bogus") }
        #expect(d?.hasPrefix("t.rules:2:29: error: unknown item 'bogus' in offer 'o';") == true)
        #expect(d?.hasSuffix("\n  name da \"A\\u{1B}[31m\\u{7}B\" en \"C\" bogus\n                                     ^~~~~\n") == true, "\(d ?? "")")
    }

    /// A control outside a string is quoted in the message: escaped there too.
    @Test func aMessageQuotingAControlIsEscaped() {
        let text = check("\u{7} \u{2028}\n")
        #expect(text.contains("t.rules:1:1: error: unexpected character '\\u{7}'\n\\u{7} \\u{2028}\n^~~~~\n"))
        #expect(text.contains("t.rules:1:3: error: unexpected character '\\u{2028}'\n\\u{7} \\u{2028}\n      ^~~~~~~~\n"))
        let json = checkJSON("\u{7} \u{2028}\n")
        #expect(json.contains { $0.contains(#""message":"unexpected character '\u2028'""#) })
        for line in text + json { #expect(!line.unicodeScalars.contains { $0 != "\n" && ControlCharacters.contains($0) }) }
    }

    @Test func aPathWithAControlIsEscaped() {
        let text = check("offer o {\n}\n", path: "evil\n\u{1B}[2J.rules")
        #expect(text.first?.hasPrefix("evil\\n\\u{1B}[2J.rules:1:7: error:") == true)
    }
}
