import Testing
@testable import RulesDSL

/// `personal` in a fact's block (issue 15, finding 11) and the numbers an
/// `int` fact can hold (finding 13).
@Suite struct PersonalFactTests {
    /// The errors `check` reports for `source`, rendered (first line of each).
    func errors(_ source: String) -> [String] {
        check(source).map { String($0.prefix { $0 != "\n" }) }.filter { $0.contains(": error: ") }
    }

    func load(_ source: String) -> RuleSet {
        Frontend.load([SourceFile(path: "t.rules", text: source)], today: testToday).0
    }

    @Test func personalIsReadIntoTheSchema() {
        let rules = load(withPrelude("""
            fact school: string { personal label da "Skole" en "School" }
            fact kids: list of kid { label da "Børn" }
            record kid {
              fact birth_date: date { label da "Fødselsdato" personal }
              fact grade: int 0 to 10 { label da "Klassetrin" }
            }
            """))
        #expect(rules.facts[rules.factIndex("school")!].personal)
        #expect(!rules.facts[rules.factIndex("gender")!].personal)
        let kid = rules.records.first { $0.name == "kid" }!
        #expect(kid.fields.map(\.personal) == [true, false])
    }

    @Test func personalTwiceIsAnError() {
        #expect(errors(withPrelude(#"fact school: string { personal label da "Skole" personal }"#)).first?.hasPrefix(
            "t.rules:1:49: error: fact 'school' is marked 'personal' twice") == true)
    }

    @Test func aListCannotBePersonal() {
        let diagnostics = errors(withPrelude("""
            fact kids: list of kid { label da "Børn" personal }
            record kid { fact school: string { label da "Skole" } }
            """))
        #expect(diagnostics.first?.hasPrefix(
            "t.rules:1:42: error: 'personal' marks a value, and a list has none of its own; mark the fields of record 'kid' personal instead") == true)
    }

    @Test func anUnknownItemListsPersonal() {
        #expect(errors(withPrelude(#"fact school: string { label da "Skole" persnal }"#)).first?.hasPrefix(
            "t.rules:1:40: error: unknown item 'persnal' in fact 'school'; expected one of 'label', 'question', 'personal'") == true)
        // Assessments have no `personal`: their values are true, false or one of their own.
        #expect(errors(withPrelude(#"assessment needs_help { label da "Hjælp" personal }"#)).first?.hasPrefix(
            "t.rules:1:42: error: unknown item 'personal' in assessment 'needs_help'; expected one of 'label', 'question'") == true)
    }

    @Test func aFactsRangeLiesWithinTheNumbersAFactCanHold() {
        #expect(codes(withPrelude(#"fact n: int -4611686018427387904 to 4611686018427387904 { label da "N" }"#)).filter { $0.hasPrefix("error") } == [])
        #expect(errors(withPrelude(#"fact n: int -9223372036854775807 to 0 { label da "N" }"#)).first?.hasPrefix(
            "t.rules:1:13: error: -9223372036854775807 is outside the numbers a fact can hold (-4611686018427387904 to 4611686018427387904)") == true)
        #expect(codes(withPrelude(#"fact n: int 0 to 4611686018427387905 { label da "N" }"#)).filter { $0.hasPrefix("error") } == ["error out-of-range@1:18"])
    }

    @Test func aTestProfileCannotGiveAnUnrangedFactTheEnginesMarkers() {
        let source = withPrelude("""
            fact n: int { label da "N" }
            test "t" {
              date 2021-06-01
              profile { n = -9223372036854775807 }
              expect prelude_offer ineligible
            }
            """)
        #expect(errors(source).first?.hasPrefix(
            "t.rules:4:17: error: -9223372036854775807 is outside the range of 'n' (-4611686018427387904 to 4611686018427387904)") == true)
    }
}
