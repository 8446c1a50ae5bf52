import RulesDSL
import Testing
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService
@testable import Reports

/// A small schema used by the matcher tests; test rules are appended.
let schema = """
fact municipality: enum { roskilde, hilleroed, hedensted } { label da "Bopælskommune" en "Municipality" }
fact birth_date: date { label da "Fødselsdato" en "Date of birth" question da "Hvornår er borgeren født?" en "When was the citizen born?" }
fact gender: enum { female, male } { label da "Køn" en "Gender" }
fact in_association: bool { label da "Foreningsaktiv" en "In an association" question da "Er borgeren foreningsaktiv?" en "Is the citizen in an association?" }
fact employed: bool { label da "I job" en "Employed" }
fact arrival_date: date { label da "Ankomstdato" en "Arrival date" }
fact school: string { label da "Skole" en "School" }
fact children: list of child { label da "Børn" en "Children" }
record child {
  fact birth_date: date { label da "Fødselsdato" en "Date of birth" }
  fact in_association: bool { label da "Foreningsaktiv" en "In an association" }
  derived age = years_since(birth_date) { label da "Barnets alder" en "Child's age" }
}
derived age = years_since(birth_date) { label da "Alder" en "Age" }
assessment needs_mentor { label da "Behov for mentor" en "Needs a mentor" question da "Har borgeren behov for en mentor?" en "Does the citizen need a mentor?" }
assessment step: enum { high, middle, low } { label da "Trin" en "Step" }

"""

/// Compiles `schema + rules`; fails the test on any error.
func matcher(_ rules: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Matcher {
    let (set, diags, _) = Frontend.load([SourceFile(path: "t.rules", text: schema + rules)], today: Day("2021-06-01")!)
    let errors = diags.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map(\.message))", sourceLocation: sourceLocation)
    return Matcher(rules: set)
}

/// Decodes a JSON profile against the matcher's schema.
func profile(_ m: Matcher, _ json: String, today: String = "2021-06-01") throws -> Profile {
    try ProfileDecoder(rules: m.rules).decode(Array(json.utf8), today: Day(today)!)
}

func result(_ m: Matcher, _ offer: String, _ json: String, date: String = "2021-06-01") throws -> OfferResult {
    let p = try profile(m, json, today: date)
    let f = Facts(program: m.program, profile: p)
    return m.evaluate(offer: m.rules.offerIndex(offer)!, facts: f, profile: p, today: Day(date)!)
}

/// The words the reports use for `m`'s rules.
func words(_ m: Matcher, _ language: Language = .da) -> Wording { Wording(rules: m.rules, language: language) }

func offer(_ id: String, _ body: String) -> String {
    """
    offer \(id) {
      name da "\(id)" en "\(id)"
      municipality roskilde
      source "seed.txt" section "S"
    \(body)
    }

    """
}
