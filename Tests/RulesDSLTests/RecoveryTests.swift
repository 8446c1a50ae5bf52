import Testing
@testable import RulesDSL

/// One run reports every error it can find, and an error in one place does
/// not hide or invent errors elsewhere.
@Suite struct ErrorRecovery {
    /// Five different mistakes, each on its own line, in one file.
    static let fiveErrors = withPrelude("""
        fact x bool
        offer o {
          name da "O"
          municipality roskilde
          source "s.txt"
          sorce "x"
          eligible when {
            in_asociation
            school_grade > 12
          }
        }
        offer q {
          name da "Q
          municipality roskilde
          source "s.txt"
        }
        """)

    @Test func fiveErrorsInOneFileAreAllReported() {
        #expect(codes(Self.fiveErrors) == [
            "error expected@1:8",
            "error unknown-item@6:3",
            "error unknown-name@8:5",
            "error out-of-range@9:20",
            "error unterminated-string@13:11",
        ])
    }

    @Test func eachErrorIsRenderedOnItsOwnLine() {
        let headers = check(Self.fiveErrors).map { String($0.prefix { $0 != "\n" }) }
        #expect(headers == [
            "t.rules:1:8: error: expected ':' after the fact's name (write 'fact x: type'), found 'bool'",
            "t.rules:6:3: error: unknown item 'sorce' in offer 'o'; expected one of 'name', 'description', 'for', 'municipality', 'theme', 'provider', 'partner', 'source', 'valid', 'review', 'planned', 'capacity', 'duration', 'hours', 'requires', 'deadline', 'eligible', 'detail', 'ladder'",
            "t.rules:8:5: error: unknown fact 'in_asociation'",
            "t.rules:9:20: error: 12 is outside the range of 'school_grade' (0 to 10)",
            "t.rules:13:11: error: unterminated string: a string must end with '\"' on the same line",
        ])
    }

    @Test func anUnknownDeclarationDoesNotHideTheNextOne() {
        // 'shoe' is declared right after the broken line and used by the
        // offer: no unknown-name error, no unused warning.
        let src = withPrelude("ofer p {\n  name da \"P\"\n}\nfact shoe: int { label da \"Sko\" }\n" + offer("  eligible when { shoe > 40 }\n"))
        #expect(codes(src) == ["error unknown-declaration@1:1"])
    }

    @Test func aMissingBraceStopsAtTheNextDeclaration() {
        // The first offer lacks its '}'; the second is still checked in full.
        let src = withPrelude("offer a {\n  name da \"A\"\n  municipality roskilde\n  source \"s.txt\"\noffer b {\n  name da \"B\"\n  municipality roskild\n  source \"s.txt\"\n}\n")
        #expect(codes(src) == ["error expected@5:1", "error unknown-name@7:16"])
    }

    @Test func anUnterminatedStringEndsAtTheLineBreak() {
        // The rest of the offer after the broken string still parses: the
        // misspelt municipality on the next line is found.
        let src = withPrelude("offer o {\n  name da \"O\n  municipality roskild\n  source \"s.txt\"\n}\n")
        #expect(codes(src) == ["error unterminated-string@2:11", "error unknown-name@3:16"])
    }

    @Test func twoConditionsOnOneLineNeedAnAnd() {
        let src = withPrelude(offer("  eligible when {\n    age >= 18 in_association\n  }\n"))
        #expect(check(src) == [#"""
            t.rules:6:15: error: expected a line break, 'and' or 'or' after the condition, found 'in_association'
                age >= 18 in_association
                          ^~~~~~~~~~~~~~

            """#])
    }

    @Test func errorsInSeveralFilesNameTheirFile() {
        // Names resolve across files: the offer in a.rules uses the schema in
        // b.rules. Each diagnostic names the file it is in.
        let a = SourceFile(path: "Rules/a.rules", text: offer("  eligible when {\n    not in_asociation\n  }\n"))
        let b = SourceFile(path: "Rules/schema/b.rules", text: "fact unused_fact: bool { label da \"U\" }\n" + prelude)
        let (_, diagnostics, sources) = Frontend.load([a, b], today: testToday)
        var bag = DiagnosticBag()
        bag.append(contentsOf: diagnostics)
        let renderer = DiagnosticRenderer(sources: sources, color: false)
        #expect(bag.sorted.map { renderer.text($0) } == [#"""
            Rules/a.rules:6:9: error: unknown fact 'in_asociation'
                not in_asociation
                    ^~~~~~~~~~~~~
            Rules/a.rules:6:9: note: did you mean 'in_association'?

            """#, #"""
            Rules/schema/b.rules:1:6: warning: fact 'unused_fact' is not used by any offer, derived value or condition
            fact unused_fact: bool { label da "U" }
                 ^~~~~~~~~~~

            """#])
    }

    @Test func fileOrderDoesNotChangeWhatIsReported() {
        let a = SourceFile(path: "a.rules", text: offer("  eligible when { age >= 18 }\n"))
        let b = SourceFile(path: "b.rules", text: prelude)
        let (_, forward, _) = Frontend.load([a, b], today: testToday)
        let (_, backward, _) = Frontend.load([b, a], today: testToday)
        #expect(forward.isEmpty)
        #expect(backward.isEmpty)
    }

    @Test func colourIsOnlyAddedWhenAskedFor() {
        let src = withPrelude("ofer o {\n}\n")
        let (ds, sources) = loadDiagnostics(src)
        let plain = DiagnosticRenderer(sources: sources, color: false).text(ds[0])
        let coloured = DiagnosticRenderer(sources: sources, color: true).text(ds[0])
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        // Without the escape codes the text is the same.
        var stripped = ""
        var inEscape = false
        for ch in coloured.unicodeScalars {
            if ch == "\u{1B}" { inEscape = true; continue }
            if inEscape { if ch == "m" { inEscape = false }; continue }
            stripped.unicodeScalars.append(ch)
        }
        #expect(stripped == plain)
    }
}
