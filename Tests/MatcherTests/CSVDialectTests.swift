import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles

/// Issue 13, reading: a caseload as Danish offices keep it — columns by
/// their Danish labels, dates as `16-11-2000` or `7.10.2017`, `SAND`/`FALSK`,
/// municipalities as written — is read into the same profiles as the ids.
@Suite struct CSVDialectTests {
    static let today = Day("2021-06-01")!

    func decode(_ header: [String], _ row: [String?]) throws(ProfileError) -> Profile {
        guard let s = shipped else { throw ProfileError(field: "", message: "no shipped rules", offset: 0) }
        return try CSVProfileDecoder(rules: s.rules, header: header, echoPersonal: true).decode(row, today: Self.today)
    }

    func fact(_ p: Profile, _ name: String) -> ProfileValue? {
        guard let s = shipped, let i = s.rules.factIndex(name) else { return nil }
        return p.facts[i]
    }

    @Test func columnsByIdOrDanishOrEnglishLabelAnyCase() throws {
        let byLabel = try decode(["Sagsnummer", "Fødselsdato", "BOPÆLSKOMMUNE", "gender", "Foreningsaktiv"],
                                 ["T-1", "2011-03-04", "roskilde", "female", "false"])
        let byID = try decode(["id", "birth_date", "municipality", "gender", "in_association"],
                              ["T-1", "2011-03-04", "roskilde", "female", "false"])
        #expect(byLabel == byID)
        #expect(byLabel.id == "T-1")
        #expect(fact(byLabel, "municipality") != nil)
        let english = try decode(["Date of birth"], ["2011-03-04"])
        #expect(fact(english, "birth_date") == .date(Day("2011-03-04")!))
    }

    @Test(arguments: [
        ("2021-06-01", "2021-06-01"), ("01-06-2021", "2021-06-01"), ("1-6-2021", "2021-06-01"),
        ("01.06.2021", "2021-06-01"), ("1.6.2021", "2021-06-01"), ("01/06/2021", "2021-06-01"),
        ("16-11-2000", "2000-11-16"), ("7.10.2017", "2017-10-07"), ("29-02-2020", "2020-02-29"),
    ])
    func datesAsDanishOfficesWriteThem(cell: String, iso: String) throws {
        let p = try decode(["birth_date"], [cell])
        #expect(fact(p, "birth_date") == .date(Day(iso)!))
    }

    @Test func aTwoDigitYearSaysWhy() {
        #expect(throws: ProfileError(field: "arrival_date", message: "'arrival_date' has a two-digit year ('16-11-00'): write the year in full (16-11-1900 or …2000), as which century is meant cannot be known", offset: 0)) {
            _ = try decode(["arrival_date"], ["16-11-00"])
        }
        // An impossible date written the Danish way is the usual error, on its ISO form.
        #expect(throws: ProfileError.self) { _ = try decode(["birth_date"], ["30-02-2020"]) }
    }

    @Test(arguments: [("SAND", true), ("falsk", false), ("Ja", true), ("NEJ", false), ("TRUE", true), ("0", false), ("1", true), ("x", true), ("X", true)])
    func yesAndNoInAnyCase(cell: String, value: Bool) throws {
        #expect(fact(try decode(["in_association"], [cell]), "in_association") == .bool(value))
    }

    @Test func enumValuesByIdOrLabelAnyCase() throws {
        let ids = try decode(["municipality", "gender", "residence_basis"], ["hilleroed", "female", "refugee"])
        let labels = try decode(["municipality", "gender", "residence_basis"], ["Hillerød", "KVINDE", "Flygtning"])
        #expect(ids == labels)
        // A near miss is suggested with its Danish letters.
        #expect(throws: ProfileError(field: "municipality", message: "'municipality' must be one of hilleroed, hedensted, roskilde, frederikssund, but found \"Hillerod\"; did you mean 'Hillerød'?", offset: 0)) {
            _ = try decode(["Bopælskommune"], ["Hillerod"])
        }
    }

    @Test func anUnknownColumnSuggestsTheLabel() {
        #expect(throws: ProfileError(field: "Fodselsdato", message: "unknown column 'Fodselsdato': not a fact; did you mean 'Fødselsdato'?", offset: 0)) {
            _ = try CSVProfileDecoder(rules: shipped!.rules, header: ["Fodselsdato"])
        }
    }
}
