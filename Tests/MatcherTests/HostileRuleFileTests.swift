import Testing
@testable import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Reports

/// Rule files that once loaded without an error but decided wrongly, from
/// issue 15; each test loads the original input through the front end and
/// decides it with the matcher, in process.
@Suite struct HostileRuleFiles {
    static let man = #"{"municipality": "roskilde", "birth_date": "1980-01-01", "gender": "male"}"#
    static let woman = #"{"municipality": "roskilde", "birth_date": "1980-01-01", "gender": "female"}"#

    /// Finding 2: with a lone CR after the comment, `gender = female` was
    /// part of the comment, `check` reported nothing, and a man was eligible
    /// for a women-only offer.
    @Test(arguments: ["\n", "\r", "\r\n"])
    func womenOnlyOfferKeepsItsGenderConditionAfterACommentAndACR(end: String) throws {
        let m = matcher(offer("women", "eligible when {\n    age >= 18   # voksen" + end + "    gender = female\n  }"))
        let today = Day("2021-06-01")!
        for (json, expected) in [(Self.man, Status.ineligible), (Self.woman, .eligible)] {
            #expect(try result(m, "women", json).status == expected, "\(json)")
            let p = try profile(m, json)
            #expect(m.statuses(facts: Facts(program: m.program, profile: p), today: today) == [expected], "\(json)")
        }
    }

    /// Finding 4: chains of names now stop at 256 levels, and nesting through
    /// names at 1024 (ReferenceDepthTests). The deepest rules `check`
    /// accepts are decided on every path, explained, reported and tested,
    /// in process, without a crash: every pass that recurses is safe.
    static let longestChain = "condition c0 { label da \"C\"\n  gender = female\n}\n"
        + (1..<Checker.maxReferenceChain).map { "condition c\($0) { label da \"C\"\n  c\($0 - 1)\n}\n" }.joined()
        + offer("top", "eligible when { c\(Checker.maxReferenceChain - 1) }")

    /// c0 is 3 levels deep (block, comparison, name), each further link adds
    /// 202 (block, 200 × `not`, name): c5 is 1013, and the offer uses it under
    /// 9 more `not`s in its block: 1 + 9 + 1 + 1013 = 1024 levels.
    static let deepestNesting = "condition c0 { label da \"C\"\n  gender = female\n}\n"
        + (1...5).map { "condition c\($0) { label da \"C\"\n  " + String(repeating: "not ", count: 200) + "c\($0 - 1)\n}\n" }.joined()
        + offer("top", "eligible when { " + String(repeating: "not ", count: 9) + "c5 }")

    static let tests = """
        test "woman" {
          date 2021-06-01
          profile { municipality = roskilde  birth_date = 1980-01-01  gender = female }
          expect top %@
        }
        test "man" {
          date 2021-06-01
          profile { municipality = roskilde  birth_date = 1980-01-01  gender = male }
          expect top %@
        }

        """

    @Test(arguments: [(longestChain, true), (deepestNesting, false)])
    func theDeepestRulesCheckAcceptsAreDecidedOnEveryPath(rules: String, womanEligible: Bool) throws {
        let status = { (eligible: Bool) in eligible ? "eligible" : "ineligible" }
        var tests = Self.tests
        for s in [status(womanEligible), status(!womanEligible)] { tests = tests.replacing("%@", with: s, maxReplacements: 1) }
        let m = matcher(rules + tests)
        let today = Day("2021-06-01")!
        for (json, eligible) in [(Self.woman, womanEligible), (Self.man, !womanEligible)] {
            let expected: Status = eligible ? .eligible : .ineligible
            #expect(try result(m, "top", json).status == expected)
            let p = try profile(m, json)
            #expect(m.statuses(facts: Facts(program: m.program, profile: p), today: today) == [expected])
            let (explained, tree) = m.explain(offer: 0, profile: p, today: today)
            #expect(explained.status == expected)
            #expect(!ExplainReport(rules: m.rules, sources: m.rules.sources, language: .da, color: false).render(explained, tree: tree, date: today).isEmpty)
            let report = MatchReport(matcher: m, profile: p, date: today, rulesVersion: "t", toolVersion: "t")
            #expect(!TextReport(rules: m.rules, language: .en, color: false, showIneligible: true).render(report).isEmpty)
            #expect(!JSONReport(rules: m.rules, language: .en).render(report).isEmpty)
        }
        let run = RuleTestRunner(matcher: m).run(defaultDate: today, keepResults: true)
        #expect(run.tests == 2)
        #expect(run.failures.isEmpty)
        #expect(Coverage.measure(matcher: m, report: run).total > 0)
        _ = BoundaryMutations(matcher: m).survivors(defaultDate: today)
        #expect(!Catalogue(rules: m.rules, date: today).markdown(m.rules.offers).isEmpty)
    }
}
