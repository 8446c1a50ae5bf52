import Testing
@testable import RulesDSL

/// Issue 15, finding 4: a chain of about 1,800 named conditions or derived
/// values, cyclic or not, overflowed the stack in `check` (and `match`).
/// The checker now measures, without recursion and before anything follows
/// names, how deep each declaration reaches, and stops one past the limits
/// with a located error. These files are generated, and checked in process.
@Suite struct ReferenceDepth {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case condition, derived, recordDerived, set
        var testDescription: String { rawValue }
    }

    /// `n` declarations of one kind, `x1` using `x0`, `x2` using `x1` …, and
    /// `x0` using nothing (or, `cyclic`, the last one); declared first to
    /// last or, `reversed`, last to first. An offer uses the last one.
    static func chain(_ kind: Kind, _ n: Int, cyclic: Bool = false, reversed: Bool = false) -> String {
        func prev(_ i: Int) -> Int? { i > 0 ? i - 1 : (cyclic ? n - 1 : nil) }
        var decls: [String] = []
        for i in 0..<n {
            switch kind {
            case .condition:
                decls.append("condition c\(i) { label da \"C\"\n  \(prev(i).map { "c\($0)" } ?? "gender = female")\n}\n")
            case .derived:
                decls.append("derived c\(i) = \(prev(i).map { "c\($0) + 1" } ?? "years_since(birth_date)") { label da \"D\" }\n")
            case .recordDerived:
                decls.append("  derived c\(i) = \(prev(i).map { "c\($0) + 1" } ?? "years_since(birth_date)") { label da \"D\" }\n")
            case .set:
                decls.append("set c\(i) = [\(prev(i).map { "(school in c\($0))" } ?? "\"A\"")] { label da \"S\" }\n")
            }
        }
        if reversed { decls.reverse() }
        let last = "c\(n - 1)"
        switch kind {
        case .condition:
            return decls.joined() + offer("  eligible when { \(last) }\n")
        case .derived:
            return decls.joined() + offer("  eligible when { \(last) >= 18 }\n")
        case .recordDerived:
            return "fact kids: list of kid { label da \"Børn\" }\nrecord kid {\n  fact birth_date: date { label da \"Født\" }\n"
                + decls.joined() + "}\n" + offer("  eligible when { any kids where \(last) >= 3 }\n")
        case .set:
            return "fact school: string { label da \"Skole\" }\n" + decls.joined() + offer("  eligible when { school in \(last) }\n")
        }
    }

    /// `code@line:column` and message of every error of `src` (with the prelude after it).
    static func errors(_ src: String) -> [(code: String, message: String)] {
        let (ds, sources) = loadDiagnostics(withPrelude(src))
        expectWellFormed(ds, sources, size: withPrelude(src).utf8.count)
        return ds.filter { $0.severity == .error }.map { d in
            let l = sources.file(0)!.location(of: d.range.start)
            return ("\(d.code)@\(l.line):\(l.column)", d.message)
        }
    }

    /// The line on which `c<i>` is declared in `chain(kind, n)` (not reversed).
    static func line(of i: Int, _ kind: Kind) -> Int {
        switch kind {
        case .condition: return 3 * i + 1
        case .derived: return i + 1
        case .recordDerived: return i + 4
        case .set: return i + 2
        }
    }

    static func column(_ kind: Kind) -> Int {
        switch kind {
        case .condition: return 11
        case .derived: return 9
        case .recordDerived: return 11
        case .set: return 5
        }
    }

    /// The report's input: 2,000 in a chain. One error, at the declaration
    /// whose chain first passes 256 (the 257th from the bottom), whichever
    /// way round the file declares them.
    @Test(arguments: Kind.allCases, [false, true])
    func aChainOf2000(kind: Kind, reversed: Bool) {
        // A record's derived value sees only those before it: reversed, it is no chain.
        if kind == .recordDerived, reversed { return }
        let errors = Self.errors(Self.chain(kind, 2_000, reversed: reversed))
        let tooDeep = errors.filter { $0.code.hasPrefix("reference-chain-too-deep@") }
        #expect(tooDeep.count == 1)
        #expect(tooDeep.first?.message.hasPrefix("reference chain deeper than 256: ") == true)
        #expect(tooDeep.first?.message.contains("'c256'\(kind == .recordDerived ? " of record 'kid'" : "") uses 'c255', which uses another, and so on, 257 levels deep") == true)
        if !reversed {
            #expect(tooDeep.first?.code == "reference-chain-too-deep@\(Self.line(of: 256, kind)):\(Self.column(kind))")
        }
        // Sets hold constants, so `(school in c…)` is an error of its own in
        // each set checked; nothing else is reported.
        let others = errors.filter { !$0.code.hasPrefix("reference-chain-too-deep@") }
        #expect(others.allSatisfy { kind == .set && $0.code.hasPrefix("not-constant@") }, "\(others.prefix(3))")
    }

    /// A loop of 2,000: one error, at the first declared, instead of a crash.
    @Test(arguments: Kind.allCases)
    func aLoopOf2000(kind: Kind) {
        let errors = Self.errors(Self.chain(kind, 2_000, cyclic: true))
        let tooDeep = errors.filter { $0.code.hasPrefix("reference-chain-too-deep@") }
        if kind == .recordDerived {
            // A record's derived value sees only those before it: no loop,
            // and c0 uses the rule set's names (there is no `c1999` there).
            #expect(tooDeep.count == 1)
            return
        }
        #expect(tooDeep.map(\.code) == ["reference-chain-too-deep@\(Self.line(of: 0, kind)):\(Self.column(kind))"])
        #expect(tooDeep.first?.message.contains("'c0' uses 'c1999', which uses another, and so on, around a loop of 2000, more than 256 levels deep") == true)
    }

    @Test(arguments: Kind.allCases)
    func aChainOf256IsFineAnd257IsNot(kind: Kind) {
        let fine = Self.errors(Self.chain(kind, 256))
        #expect(fine.allSatisfy { kind == .set && $0.code.hasPrefix("not-constant@") }, "\(fine.prefix(3))")
        let errors = Self.errors(Self.chain(kind, 257))
        #expect(errors.filter { $0.code.hasPrefix("reference-chain-too-deep@") }.map(\.code)
                == ["reference-chain-too-deep@\(Self.line(of: 256, kind)):\(Self.column(kind))"])
    }

    @Test func theErrorNamesTheNextLink() {
        let (ds, sources) = loadDiagnostics(withPrelude(Self.chain(.condition, 300)))
        let r = DiagnosticRenderer(sources: sources)
        #expect(ds.filter { $0.severity == .error }.map { r.text($0) } == [#"""
            t.rules:769:11: error: reference chain deeper than 256: condition 'c256' uses 'c255', which uses another, and so on, 257 levels deep
            condition c256 { label da "C"
                      ^~~~
            t.rules:770:3: note: 'c256' uses 'c255' here
              c255
              ^~~~

            """#])
    }

    /// A short loop is still reported as one, by the checker.
    @Test func aShortLoopIsACycle() {
        #expect(Self.errors(Self.chain(.condition, 3, cyclic: true)).map(\.code) == ["cycle@1:11"])
        #expect(Self.errors(Self.chain(.derived, 3, cyclic: true)).map(\.code) == ["cycle@1:9"])
    }

    /// Each link within the nesting limit, but 200 `not`s a link: written
    /// out, `c6` is 1,215 levels deep (c0 is 3; each link adds 202).
    static func notChain(_ n: Int) -> String {
        var s = "condition c0 { label da \"C\"\n  gender = female\n}\n"
        for i in 1..<n {
            s += "condition c\(i) { label da \"C\"\n  " + String(repeating: "not ", count: 200) + "c\(i - 1)\n}\n"
        }
        return s
    }

    @Test func nestingThroughNamesIsLimited() {
        let src = Self.notChain(8) + offer("  eligible when { c7 }\n")
        let errors = Self.errors(src)
        #expect(errors.map(\.code) == ["nesting-too-deep@19:11"])
        #expect(errors.first?.message == "nesting too deep: condition 'c6' is 1215 levels deep with the conditions and derived values it uses written out in place (at most 1024)")
        // c5 is 1013 levels deep; an offer may use it 11 levels deep, not 12
        // (the block is one level, each `not` another).
        func use(_ nots: Int) -> String {
            Self.notChain(6) + offer("  eligible when { " + String(repeating: "not ", count: nots) + "c5 }\n")
        }
        #expect(Self.errors(use(9)).isEmpty)
        let tooDeep = Self.errors(use(10))
        #expect(tooDeep.map(\.code) == ["nesting-too-deep@23:59"])
        #expect(tooDeep.first?.message == "nesting too deep: 'c5' is used 12 levels deep here and is 1013 levels deep itself, with the conditions and derived values it uses written out in place (at most 1024 in all)")
    }

    /// What only a stopped declaration uses is not reported as unused.
    @Test func noUnusedWarningsBehindTheError() {
        let (ds, _) = loadDiagnostics(withPrelude(Self.chain(.condition, 2_000)))
        #expect(ds.filter { $0.code == "unused" }.isEmpty)
    }
}
