import Testing
@testable import RulesDSL

/// `kind text` of every token but the final end of file.
func tokens(_ source: String) -> [String] {
    let bytes = Array(source.utf8)
    let (ts, _) = Lexer.tokenize(bytes, file: 0)
    #expect(ts.last?.kind == .eof)
    return ts.dropLast().map { t in "\(t.kind) \(String(decoding: bytes[t.range], as: UTF8.self))" }
}

func lexerDiagnostics(_ source: String) -> [String] {
    Lexer.tokenize(Array(source.utf8), file: 0).diagnostics.map { "\($0.code)@\($0.range.start)..<\($0.range.end)" }
}

@Suite struct LexerTokens {
    @Test(arguments: [
        ("2021-05-10", ["date 2021-05-10"]),
        ("17", ["integer 17"]),
        ("-3", ["minus -", "integer 3"]),
        ("4 weeks", ["integer 4", "identifier weeks"]),
        ("4weeks", ["integer 4", "identifier weeks"]),
        ("96 hours", ["integer 96", "identifier hours"]),
        // A date is exactly four digits, '-', digits, '-', digits; anything
        // else is numbers and minus signs.
        ("2021-05", ["integer 2021", "minus -", "integer 05"]),
        ("20210-05-10", ["integer 20210", "minus -", "integer 05", "minus -", "integer 10"]),
        ("2021 - 5", ["integer 2021", "minus -", "integer 5"]),
        // Not checked by the lexer: the parser reports a bad calendar day.
        ("2021-13-45", ["date 2021-13-45"]),
        ("2021-1-1", ["date 2021-1-1"]),
        ("today + 4 weeks", ["identifier today", "plus +", "integer 4", "identifier weeks"]),
    ])
    func numbersDatesAndDurations(source: String, expected: [String]) {
        #expect(tokens(source) == expected)
    }

    @Test func operatorsAndPunctuation() {
        #expect(tokens("{ } [ ] ( ) , : = != < <= > >= + -") == [
            "lBrace {", "rBrace }", "lBracket [", "rBracket ]", "lParen (", "rParen )", "comma ,", "colon :",
            "equal =", "notEqual !=", "less <", "lessEqual <=", "greater >", "greaterEqual >=", "plus +", "minus -",
        ])
        #expect(tokens("a<=b") == ["identifier a", "lessEqual <=", "identifier b"])
    }

    @Test func stringsAndEscapes() {
        #expect(tokens(#""Tjørnegårdskolen" "a \"b\" \\ \n \t""#) == [
            #"string "Tjørnegårdskolen""#, #"string "a \"b\" \\ \n \t""#,
        ])
        #expect(lexerDiagnostics(#""a \"b\" \\ \n \t""#) == [])
    }

    @Test func commentsAreSkipped() {
        #expect(tokens("age # alder, 6–17 år\n>= 6 # slut") == ["identifier age", "greaterEqual >=", "integer 6"])
    }

    @Test func lineStarts() {
        let (ts, _) = Lexer.tokenize(Array("fact a\n  b # c\nd".utf8), file: 0)
        #expect(ts.map(\.atLineStart) == [true, false, true, true, false])
        // After a byte order mark, the first token still starts a line.
        let (bom, _) = Lexer.tokenize([0xEF, 0xBB, 0xBF] + Array("offer".utf8), file: 0)
        #expect(bom.map(\.atLineStart) == [true, false])
        #expect(bom.first?.range == 3..<8)
    }

    @Test func keywordsAreIdentifiers() {
        #expect(tokens("offer from to unless") == ["identifier offer", "identifier from", "identifier to", "identifier unless"])
    }

    @Test func doubleEqualsIsOneTokenWithAFixIt() {
        let (ts, ds) = Lexer.tokenize(Array("a == b".utf8), file: 0)
        #expect(ts.map(\.kind) == [.identifier, .equal, .identifier, .eof])
        #expect(ds.count == 1)
        #expect(ds.first?.fixIts == [FixIt(range: SourceRange(file: 0, start: 2, end: 4), replacement: "=", message: "replace '==' with '='")])
    }

    @Test func nonASCIINamesAreOneToken() {
        let (ts, ds) = Lexer.tokenize(Array("fritidspas_hillerød {".utf8), file: 0)
        #expect(ts.map(\.kind) == [.identifier, .lBrace, .eof])
        #expect(ds.map(\.code) == ["non-ascii-name"])
        #expect(ds.first?.fixIts.map(\.replacement) == ["fritidspas_hilleroed"])
        // Æ, Ø and Å are replaced as Danish ids are written; other letters get no fix-it.
        let (_, æøå) = Lexer.tokenize(Array("kultur_og_boligområder".utf8), file: 0)
        #expect(æøå.first?.fixIts.map(\.replacement) == ["kultur_og_boligomraader"])
        let (_, other) = Lexer.tokenize(Array("café_x".utf8), file: 0)
        #expect(other.map(\.code) == ["non-ascii-name"])
        #expect(other.first?.fixIts == [])
    }

    @Test func unterminatedAndEscapes() {
        #expect(lexerDiagnostics("\"abc\ndef\"") == ["unterminated-string@0..<4", "unterminated-string@8..<9"])
        #expect(lexerDiagnostics(#""a\qb""#) == ["invalid-escape@2..<4"])
        #expect(lexerDiagnostics("\"abc") == ["unterminated-string@0..<4"])
    }

    @Test func invalidUTF8() {
        #expect(lexerDiagnostics("\"K\u{F8}\"") == [])  // U+00F8 is valid UTF-8 (two bytes)
        let (_, ds) = Lexer.tokenize([0x22, 0x4B, 0xF8, 0x22], file: 0)
        #expect(ds.map(\.code) == ["invalid-utf8"])
        #expect(ds.first?.range == SourceRange(file: 0, start: 2, end: 3))
        #expect(ds.first?.message == "invalid UTF-8: rule files must be saved as UTF-8")
    }

    @Test func tooManyErrorsIsReportedOnce() {
        let (_, ds) = Lexer.tokenize(Array(String(repeating: "@ ", count: 500).utf8), file: 0)
        #expect(ds.count == 101)
        #expect(ds.last?.code == "too-many-errors")
        #expect(ds.filter { $0.code == "too-many-errors" }.count == 1)
    }
}

@Suite struct ParserLiterals {
    /// The syntax of the only item of an offer's `eligible when` block.
    func firstCondition(_ condition: String) -> Expr? {
        let src = SourceFile(path: "t.rules", text: "offer o { eligible when { \(condition) } }")
        let (file, diags) = Parser.parse(src, id: 0)
        #expect(diags.isEmpty)
        guard case .offer(let o)? = file.declarations.first, case .all(let items)? = o.eligibleWhen?.kind else { return nil }
        return items.first
    }

    @Test func durationsDatesAndNumbers() {
        guard case .binary(.less, let lhs, let rhs)? = firstCondition("today < arrival_date + 4 weeks")?.kind else {
            Issue.record("not a comparison"); return
        }
        guard case .today = lhs.kind else { Issue.record("lhs is not today"); return }
        guard case .binary(.plus, _, let d) = rhs.kind, case .duration(let dur) = d.kind else {
            Issue.record("not date + duration"); return
        }
        #expect(dur == Duration(4, .weeks))
        guard case .binary(.greaterEqual, _, let n)? = firstCondition("birth_date >= 2021-05-10")?.kind,
              case .date(let day) = n.kind else { Issue.record("not a date"); return }
        #expect(day == Day("2021-05-10"))
        guard case .binary(.greater, _, let m)? = firstCondition("x > -3")?.kind, case .integer(let v) = m.kind else {
            Issue.record("not a number"); return
        }
        #expect(v == -3)
    }

    @Test(arguments: ["1 hour", "2 days", "1 week", "3 months", "1 year", "96 hours", "14 days"])
    func durationUnits(text: String) {
        guard case .duration(let d)? = firstCondition("d + \(text) > today").flatMap({ e -> ExprKind? in
            if case .binary(_, let l, _) = e.kind, case .binary(_, _, let r) = l.kind { return r.kind }
            return nil
        }) else { Issue.record("no duration in \(text)"); return }
        #expect(d.description == text)
    }

    @Test func tooLargeNumber() {
        let (_, diags) = Parser.parse(SourceFile(path: "t.rules", text: "offer o { capacity 99999999999999999999999 }"), id: 0)
        #expect(diags.map(\.message) == ["number 99999999999999999999999 is too large"])
    }
}
