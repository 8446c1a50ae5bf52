import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

@Suite struct ProfileErrorTests {
    let m = matcher(offer("any", "eligible when { age >= 18\n in_association\n gender = female\n employed\n any children where age < 3 }\n requires needs_mentor"))

    func error(_ json: String) -> ProfileError? {
        do {
            _ = try ProfileDecoder(rules: m.rules).decode(Array(json.utf8), today: Day("2021-06-01")!)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (#"{"in_asociation": true}"#, "in_asociation", "unknown fact 'in_asociation'; did you mean 'in_association'?"),
        (#"{"gender": "Female"}"#, "gender", #"'gender' must be one of female, male, but found "Female"; did you mean 'female'?"#),
        (#"{"gender": "x"}"#, "gender", #"'gender' must be one of female, male, but found "x""#),
        (#"{"birth_date": "2021-13-45"}"#, "birth_date", #"'birth_date' must be a date written YYYY-MM-DD, but "2021-13-45" is not a calendar date"#),
        (#"{"birth_date": "2030-01-01"}"#, "birth_date", "'birth_date' 2030-01-01 is after the evaluation date 2021-06-01; a birth date cannot be in the future"),
        (#"{"birth_date": 19900101}"#, "birth_date", "'birth_date' must be a date written YYYY-MM-DD, but found the number 19900101"),
        (#"{"in_association": "yes"}"#, "in_association", #"'in_association' must be true or false, but found the text "yes""#),
        (#"{"children": {"birth_date": "2010-01-01"}}"#, "children", "'children' must be a list [{…}, …], but found an object"),
        (#"{"children": [{"birthdate": "2010-01-01"}]}"#, "children[1].birthdate", "unknown field 'birthdate' in children[1]; did you mean 'birth_date'?"),
        (#"{"children": [{"birth_date": "2030-01-01"}]}"#, "children[1].birth_date", "'children[1].birth_date' 2030-01-01 is after the evaluation date 2021-06-01; a birth date cannot be in the future"),
        (#"{"children": [3]}"#, "children[1]", "each element of 'children' must be an object {\"birth_date\": …}, but element 1 is the number 3"),
        (#"{"assessments": {"needs_mentr": true}}"#, "assessments.needs_mentr", "unknown assessment 'needs_mentr'; did you mean 'needs_mentor'?"),
        (#"{"assessments": {"step": "top"}}"#, "assessments.step", #"'assessments.step' must be one of high, middle, low, but found "top""#),
        (#"{"needs_mentor": true}"#, "needs_mentor", #"'needs_mentor' is an assessment; record it under "assessments": {"needs_mentor": …}"#),
        (#"{"id": true}"#, "id", "'id' must be a text (the case reference), but found true"),
        (#"[1, 2]"#, "", "a profile must be a JSON object {\"fact\": value, …}, not a list"),
        (#"{"gender": "female", "gender": "male"}"#, "", "invalid JSON: duplicate key 'gender'"),
        (#"{"gender": "female""#, "", "invalid JSON: expected ',' or '}' after object member"),
    ])
    func profileErrors(json: String, field: String, message: String) {
        let e = error(json)
        #expect(e?.field == field)
        #expect(e?.message == message)
    }

    @Test func nullMeansUnknown() throws {
        let p = try profile(m, #"{"gender": null, "municipality": "roskilde"}"#)
        #expect(p.facts[m.rules.factIndex("gender")!] == nil)
        #expect(p.facts[m.rules.factIndex("municipality")!] == .enumValue(0))
    }

    @Test func errorOffsetPointsAtTheKey() {
        let json = "{\n  \"municipality\": \"roskilde\",\n  \"gendr\": \"female\"\n}"
        let e = error(json)
        let loc = SourceFile(path: "p.json", text: json).location(of: e?.offset ?? 0)
        #expect((loc.line, loc.column) == (3, 3))
    }
}
