import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles

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
}
