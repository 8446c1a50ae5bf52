import Testing
@testable import RulesDSL

/// Regression tests for bugs found in Sources/RulesDSL and fixed: each
/// states the correct behaviour.
@Suite struct KnownBugs {
    static let duplicateOffer = withPrelude(offer("") + offer(""))

    static let duplicateOfferExpected = #"""
        t.rules:6:7: error: duplicate offer 'o'
        offer o {
              ^
        t.rules:1:7: note: 'o' was first declared here
        offer o {
              ^

        """#

    /// Checker.collect (Checker.swift, `case .offer`) looks the first
    /// declaration up as `rules.offers[first]`, but during collection
    /// `offerIndex` holds the placeholder -1: index out of range, a crash.
    @Test func duplicateOfferDoesNotCrash() {
        #expect(check(KnownBugs.duplicateOffer).joined().contains(KnownBugs.duplicateOfferExpected))
    }

    static let longAndChain = withPrelude(offer("  eligible when {\n    "
        + Array(repeating: "age >= 1", count: 5_000).joined(separator: " and ") + "\n  }\n"))

    /// `a and b and …` parses into a left-deep tree (Parser.parseAnd), which
    /// Checker.checkBinary → checkCondition → checkExpr walks recursively:
    /// a few hundred operands overflow the stack in a debug build (about 300
    /// in `matchctl check` on the main thread). The nesting limit does not
    /// apply to chains. The same holds for `or` and `+`.
    @Test func longAndChainDoesNotCrash() {
        #expect(check(KnownBugs.longAndChain).filter { $0.contains("error:") } == [])
    }

    /// After `nesting too deep`, Parser.enter() skips to the next declaration
    /// (`fact municipality` of the prelude), but Parser.parseBlockItem then
    /// calls skipItem(), which always consumes its first token, even a
    /// declaration keyword at the start of a line: `fact municipality` is
    /// lost, and every `municipality roskilde` reports 'missing-schema'.
    @Test func theDeclarationAfterTooDeepNestingSurvives() {
        let deep = String(repeating: "(", count: 10_000) + "age >= 18" + String(repeating: ")", count: 10_000)
        let src = withPrelude(offer("  eligible when {\n    " + deep + "\n  }\n"))
        #expect(codes(src) == ["error nesting-too-deep@6:260"])
    }

    /// A contradiction inside `any … where { … }` is reported twice: once by
    /// the quantifier (Checker+Expressions.swift, `case .quantifier`) and
    /// again when the enclosing offer's condition is walked
    /// (Checker+Offers.swift, `checkContradictions(c)`).
    @Test func contradictionInAQuantifierIsReportedOnce() {
        let src = withPrelude(offer("  eligible when {\n    any children where {\n      age >= 18\n      age < 15\n    }\n  }\n"))
        #expect(codes(src) == ["error never-holds@8:7"])
    }

    /// Checker+Offers.swift checks `(hi?.value ?? 0) > 168`, so a single
    /// number of hours above 168 (`hours 200 per week`) is accepted.
    @Test func tooManyHoursPerWeekIsAnError() {
        let src = withPrelude(offer("  hours 200 per week\n"))
        #expect(check(src) == [#"""
            t.rules:5:9: error: hours per week must be between 0 and 168
              hours 200 per week
                    ^~~

            """#])
    }

    /// LANGUAGE.md: "Adding months or years to a day that the target month
    /// lacks moves to the first of the next month". Day.adding(months:)
    /// instead carries the surplus days over (31 January + 1 month =
    /// 3 March in 2021), which also disagrees with completedMonths: on
    /// 1 March, months_since(31 January) is already 1.
    @Test func addingAMonthToTheLastDayOfJanuary() {
        #expect(Day("2021-01-31")!.adding(months: 1) == Day("2021-03-01")!)
        #expect(Day("2020-01-31")!.adding(months: 1) == Day("2020-03-01")!)
        #expect(Day("2021-01-30")!.adding(months: 1) == Day("2021-03-01")!)
        #expect(Day("2021-03-31")!.adding(months: -1) == Day("2021-03-01")!)
        // Both rules agree when only one day is missing.
        #expect(Day("2021-01-29")!.adding(months: 1) == Day("2021-03-01")!)
        #expect(Day("2021-01-31")!.completedMonths(to: Day("2021-03-01")!) == 1)
    }

    /// LANGUAGE.md: identifiers are `[a-z_][a-z0-9_]*` (lower case), and the
    /// non-ASCII error says "names may use only a–z, 0–9 and '_'". The lexer
    /// (Lexer.isIdentStart) also accepts A–Z, so `fact Shoe` is accepted.
    @Test func upperCaseNamesAreRejected() {
        let src = withPrelude("fact Shoe: bool { label da \"Sko\" }\ncondition c { label da \"C\"\n  Shoe\n}\n" + offer("  eligible when { c }\n"))
        #expect(codes(src).contains { $0.hasPrefix("error ") && $0.hasSuffix("@1:6") })
    }

    /// Checker.declare / Checker.collect write "already declared as a
    /// \(kind)", which gives "as a offer" and "as a assessment".
    @Test func articleBeforeAVowel() {
        let src = withPrelude(offer("", name: "gender_offer") + "fact gender_offer: bool { label da \"K\" }\n")
        #expect(check(src).first?.hasPrefix("t.rules:6:6: error: 'gender_offer' is already declared as an offer\n") == true)
    }
}
