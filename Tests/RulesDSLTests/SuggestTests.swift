import Testing
@testable import RulesDSL

@Suite struct Suggestions {
    @Test(arguments: [
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "", 3),
        ("fritidspas", "fritidspas", 0),
        ("kitten", "sitting", 3),
        ("ab", "ba", 1),                          // a transposition is one edit
        ("in_asociation", "in_association", 1),
        ("sorce", "source", 1),
        ("hillerød", "hilleroed", 2),             // scalars, not bytes
        ("ca", "abc", 3),                         // optimal string alignment, not full Damerau
        ("Female", "female", 1),
    ])
    func distance(a: String, b: String, expected: Int) {
        #expect(Suggest.distance(a, b) == expected)
        #expect(Suggest.distance(b, a) == expected)
    }

    static let facts = ["municipality", "birth_date", "gender", "in_association", "school_grade", "children"]

    @Test func closestFact() {
        #expect(Suggest.closest(to: "in_asociation", in: Self.facts) == "in_association")
        #expect(Suggest.closest(to: "brith_date", in: Self.facts) == "birth_date")
        #expect(Suggest.closest(to: "shoe_size", in: Self.facts) == nil)
    }

    @Test func closestKeyword() {
        #expect(Suggest.closest(to: "ofer", in: Parser.declarationKeywords) == "offer")
        #expect(Suggest.closest(to: "derive", in: Parser.declarationKeywords) == "derived")
        #expect(Suggest.closest(to: "sorce", in: Parser.offerItems) == "source")
    }

    @Test func theLimitScalesWithTheLength() {
        // Short names allow one edit, 6–8 letters two, 9 or more three.
        #expect(Suggest.closest(to: "ab", in: ["xy"]) == nil)
        #expect(Suggest.closest(to: "ab", in: ["xb"]) == "xb")
        #expect(Suggest.closest(to: "abcdef", in: ["abcdxy"]) == "abcdxy")
        #expect(Suggest.closest(to: "abcdef", in: ["abcxyz"]) == nil)
        #expect(Suggest.closest(to: "abcdefghi", in: ["abcdefxyz"]) == "abcdefxyz")
        #expect(Suggest.closest(to: "abcdefghijklmnop", in: ["abcdefghijklwxyz"]) == nil)
    }

    @Test func tiesGoToTheFirstInAlphabeticalOrder() {
        #expect(Suggest.closest(to: "cat", in: ["hat", "bat"]) == "bat")
        #expect(Suggest.closest(to: "cat", in: ["bat", "hat"]) == "bat")
        // The closest wins over an earlier, farther candidate.
        #expect(Suggest.closest(to: "Female", in: ["male", "female"]) == "female")
    }

    @Test func noCandidates() {
        #expect(Suggest.closest(to: "anything", in: [String]()) == nil)
    }
}
