import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

@Suite struct ThreeValuedLogicTests {
    let m = matcher(
        offer("and_offer", "eligible when { in_association and employed }")
        + offer("or_offer", "eligible when { in_association or employed }")
        + offer("not_offer", "eligible when { not in_association }")
        + offer("any_child", "eligible when { any children where age < 18 }")
        + offer("all_children", "eligible when { all children where in_association }")
        + offer("count_children", "eligible when { count children where { age < 18 } >= 2 }")
        + offer("unless_offer", "eligible when { age >= 18\n unless employed }")
    )

    static let roskilde = #"{"municipality": "roskilde""#

    @Test(arguments: [
        // unknown and false is false; unknown and true is unknown
        ("and_offer", #", "employed": false}"#, Status.ineligible),
        ("and_offer", #", "employed": true}"#, .undetermined),
        // unknown or true is true; unknown or false is unknown
        ("or_offer", #", "employed": true}"#, .eligible),
        ("or_offer", #", "employed": false}"#, .undetermined),
        // not unknown is unknown
        ("not_offer", "}", .undetermined),
        ("not_offer", #", "in_association": false}"#, .eligible),
        // unless: an unknown exception keeps it open; a known one decides
        ("unless_offer", #", "birth_date": "1990-01-01"}"#, .undetermined),
        ("unless_offer", #", "birth_date": "1990-01-01", "employed": false}"#, .eligible),
        ("unless_offer", #", "birth_date": "1990-01-01", "employed": true}"#, .ineligible),
        ("unless_offer", #", "birth_date": "2010-01-01"}"#, .ineligible),
    ])
    func connectives(offer: String, rest: String, expected: Status) throws {
        #expect(try result(m, offer, Self.roskilde + rest).status == expected)
    }

    @Test(arguments: [
        // any child: one known minor decides, even with another unknown
        (#"[{"birth_date": "2010-01-01"}, {}]"#, Status.eligible),
        // one unknown child and one adult: undetermined
        (#"[{"birth_date": "1990-01-01"}, {}]"#, .undetermined),
        // all known adults: ineligible; no children at all: ineligible
        (#"[{"birth_date": "1990-01-01"}]"#, .ineligible),
        ("[]", .ineligible),
    ])
    func anyChild(children: String, expected: Status) throws {
        #expect(try result(m, "any_child", Self.roskilde + #", "children": \#(children)}"#).status == expected)
    }

    @Test func unknownListIsUndetermined() throws {
        let r = try result(m, "any_child", Self.roskilde + "}")
        #expect(r.status == .undetermined)
        #expect(r.missing.map(\.name) == ["children"])
    }

    @Test func missingNamesTheUnknownChildsField() throws {
        let r = try result(m, "any_child", Self.roskilde + #", "children": [{"birth_date": "1990-01-01"}, {}]}"#)
        #expect(r.missing.map(\.path) == ["children[2].birth_date"])
    }

    @Test(arguments: [
        (#"[{"in_association": true}, {"in_association": false}]"#, Status.ineligible),
        (#"[{"in_association": true}, {}]"#, .undetermined),
        (#"[{"in_association": true}]"#, .eligible),
        ("[]", .eligible),
    ])
    func allChildren(children: String, expected: Status) throws {
        #expect(try result(m, "all_children", Self.roskilde + #", "children": \#(children)}"#).status == expected)
    }

    @Test(arguments: [
        (#"[{"birth_date": "2010-01-01"}, {"birth_date": "2012-01-01"}]"#, Status.eligible),
        (#"[{"birth_date": "2010-01-01"}, {"birth_date": "1990-01-01"}]"#, .ineligible),
        (#"[{"birth_date": "2010-01-01"}, {}]"#, .undetermined),
    ])
    func countChildren(children: String, expected: Status) throws {
        #expect(try result(m, "count_children", Self.roskilde + #", "children": \#(children)}"#).status == expected)
    }

    @Test func missingListsOnlyWhatCouldChangeTheDecision() throws {
        // employed is known true, so only in_association can change 'and_offer'.
        let r = try result(m, "and_offer", Self.roskilde + #", "employed": true}"#)
        #expect(r.missing.map(\.name) == ["in_association"])
        // Ineligible: nothing is missing.
        #expect(try result(m, "and_offer", Self.roskilde + #", "employed": false}"#).missing.isEmpty)
    }

    @Test func unknownMunicipalityIsMissing() throws {
        let r = try result(m, "or_offer", #"{"employed": true}"#)
        #expect(r.status == .undetermined)
        #expect(r.missing.map(\.name) == ["municipality"])
        #expect(try result(m, "or_offer", #"{"municipality": "hilleroed", "employed": true}"#).status == .ineligible)
    }
}
