import Testing
@testable import RulesDSL

/// Issue 15, finding 12: 50,000 errors on one line were all located and
/// rendered, quadratically. At most `Frontend.errorLimit` errors are
/// reported, then one located note.
@Suite struct ErrorLimit {
    /// One set of `n` unknown names on one line: `n` errors.
    static func brokenSet(_ n: Int) -> String {
        "set bad = [" + (0..<n).map { "x\($0)" }.joined(separator: ", ") + "] { label da \"Slet\" en \"Bad\" }\n"
    }

    @Test func stopsAfterTheLimitWithALocatedNote() throws {
        let source = Self.brokenSet(1_500)
        let (_, diagnostics, sources) = Frontend.load([SourceFile(path: "t.rules", text: source)], today: testToday)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1_000)
        let last = try #require(diagnostics.last)
        #expect(last.severity == .note)
        #expect(last.code == "too-many-errors")
        #expect(last.message == "too many errors; stopped after 1,000")
        // It points at the 1,001st error: the name x1000.
        #expect(sources.file(last.range.file)?.text(last.range) == "x1000")
        let text = DiagnosticRenderer(sources: sources).text(last)
        let column = 12 + (0..<1_000).reduce(0) { $0 + "x\($1), ".utf8.count }
        #expect(text.hasPrefix("t.rules:1:\(column): note: too many errors; stopped after 1,000\n"))
        // An unknown name is one error, not also a value listed twice.
        #expect(!diagnostics.contains { $0.code == "duplicate-value" })
        #expect(text.contains("\n…") && text.contains(" x1000, x1001"))
    }

    @Test func atTheLimitNothingIsAdded() {
        let (_, diagnostics, _) = Frontend.load([SourceFile(path: "t.rules", text: Self.brokenSet(1_000))], today: testToday)
        #expect(diagnostics.filter { $0.severity == .error }.count == 1_000)
        #expect(!diagnostics.contains { $0.code == "too-many-errors" })
    }

    @Test func theLimitIsAParameter() {
        let (_, diagnostics, _) = Frontend.load([SourceFile(path: "t.rules", text: Self.brokenSet(20))], today: testToday, maxErrors: 5)
        #expect(diagnostics.filter { $0.severity == .error }.count == 5)
        #expect(diagnostics.last?.message == "too many errors; stopped after 5")
    }

    /// Columns counted from checkpoints agree with counting every scalar,
    /// across checkpoints and multi-byte letters.
    @Test func columnsOnALongLineWithDanishLetters() {
        let line = String(repeating: "æøå abc ", count: 300)
        let file = SourceFile(path: "t.rules", text: "x\n" + line + "\nend")
        var column = 1
        var offset = 2
        for scalar in line.unicodeScalars {
            let loc = file.location(of: offset)
            #expect(loc.line == 2 && loc.column == column)
            if loc.line != 2 || loc.column != column { return }
            offset += String(scalar).utf8.count
            column += 1
        }
        #expect(file.location(of: offset + 1) == SourceLocation(line: 3, column: 1, offset: offset + 1))
        #expect(file.lineScalarCount(2) == line.unicodeScalars.count)
        #expect(file.lineWindow(2, scalars: 1..<6) == "øå ab")
    }
}
