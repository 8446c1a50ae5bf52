import Testing
@testable import RulesDSL

/// Issue 15, finding 2: a lone CR (old Mac line ends, some editors and
/// exports) did not end a `#` comment, so the condition on the next "line"
/// vanished into the comment without a word; a raw CR inside a string was
/// accepted. CR, LF and CRLF now end lines everywhere: comments, strings,
/// and the line and column of every diagnostic.
@Suite struct LineEnds {
    static let ends = ["\n", "\r", "\r\n"]

    /// The input of the report: what follows the CR is the next condition.
    @Test(arguments: ends)
    func aCommentEndsAtEveryLineEnd(end: String) {
        let source = "age >= 18   # voksen" + end + "    gender = female"
        #expect(tokens(source) == [
            "identifier age", "greaterEqual >=", "integer 18",
            "identifier gender", "equal =", "identifier female",
        ])
        let (ts, _) = Lexer.tokenize(Array(source.utf8), file: 0)
        #expect(ts.map(\.atLineStart) == [true, false, false, true, false, false, false])
    }

    @Test(arguments: ends)
    func aLineEndStartsALineBetweenTokens(end: String) {
        let (ts, _) = Lexer.tokenize(Array("fact a\(end)  b\(end)\(end)c d".utf8), file: 0)
        #expect(ts.map(\.atLineStart) == [true, false, true, true, false, false])
    }

    /// A raw line break inside a string is an error, whichever it is.
    @Test(arguments: ends)
    func aStringMayNotRunOverALineEnd(end: String) {
        let second = 4 + end.utf8.count + 3  // the '"' after `def`
        #expect(lexerDiagnostics("\"abc" + end + "def\"") == ["unterminated-string@0..<4", "unterminated-string@\(second)..<\(second + 1)"])
        // Escaped, a line break is fine.
        #expect(lexerDiagnostics(#""abc\ndef""#) == [])
    }

    @Test func aLoneCRInAStringIsReportedWhereTheStringStarts() {
        let src = withPrelude(offer("  provider \"Roskilde\rKommune\"\n"))
        #expect(codes(src).first == "error unterminated-string@5:12")
    }

    /// The line table ends lines where the lexer does; CRLF is one line end.
    @Test func lineTableCountsCRLFAndCRAndLF() {
        let f = SourceFile(path: "t.rules", text: "a\rb\r\nc\nd\r\re")
        #expect(f.lineStarts == [0, 2, 5, 7, 9, 10])
        func at(_ offset: Int) -> String {
            let l = f.location(of: offset)
            return "\(l.line):\(l.column)"
        }
        #expect((0...11).map(at) == ["1:1", "1:2", "2:1", "2:2", "2:3", "3:1", "3:2", "4:1", "4:2", "5:1", "6:1", "6:2"])
        #expect((1...6).map(f.lineText) == ["a", "b", "c", "d", "", "e"])
        // A line end at the end of the file starts an empty last line.
        #expect(SourceFile(path: "t.rules", text: "a\r").lineStarts == [0, 2])
        #expect(SourceFile(path: "t.rules", text: "a\r\n").lineStarts == [0, 3])
    }

    /// A women-only offer whose comment is followed by a CR keeps its
    /// gender condition: two conditions, not one.
    @Test(arguments: ends)
    func theConditionAfterACommentIsKept(end: String) {
        let src = offer("  eligible when {\n    age >= 18   # voksen" + end + "    gender = female\n  }\n") + prelude
        let (rules, diagnostics, _) = Frontend.load([SourceFile(path: "t.rules", text: src)], today: testToday)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
        guard let o = rules.offerIndex("o"), case .all(let items)? = rules.offers[o].eligible?.kind else {
            Issue.record("no eligible block"); return
        }
        #expect(items.count == 2)
        #expect(items.map { rules.sources.file(0)!.text($0.range) } == ["age >= 18", "gender = female"])
    }

    /// Diagnostics after CR-only or CRLF line ends are at the same line and
    /// column as with LF, and show the line without its line end.
    @Test func diagnosticsAreLocatedTheSameWithEveryLineEnd() {
        let lf = withPrelude(offer("  eligible when {\n    agee >= 18  # voksen\n    gender = femal\n  }\n"))
        let expected = ["error unknown-name@6:5", "error unknown-name@7:14"]
        #expect(codes(lf) == expected)
        let rendered = check(lf)
        #expect(rendered == [
            "t.rules:6:5: error: unknown derived value 'agee'\n    agee >= 18  # voksen\n    ^~~~\nt.rules:6:5: note: did you mean 'age'?\n",
            "t.rules:7:14: error: unknown value 'femal'\n    gender = femal\n             ^~~~~\nt.rules:7:14: note: did you mean 'female'?\nnote: allowed values: female, male\n",
        ])
        for end in ["\r", "\r\n"] {
            let other = String(decoding: lf.utf8.flatMap { $0 == 10 ? Array(end.utf8) : [$0] }, as: UTF8.self)
            #expect(codes(other) == expected, "line end \(Array(end.utf8))")
            #expect(check(other) == rendered, "line end \(Array(end.utf8))")
            #expect(checkJSON(other) == checkJSON(lf), "line end \(Array(end.utf8))")
        }
    }
}
