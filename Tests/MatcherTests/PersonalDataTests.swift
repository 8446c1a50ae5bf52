import Foundation
import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening

/// Issue 15, finding 11: error messages echoed personal data (a CPR-like value
/// typed into the wrong field, a birth date, a whole 10 MB value) into the
/// logs of every screening run. Now a message names the field and the
/// problem and shows at most a short excerpt of a value (`Excerpt`), and in
/// screening (`echoPersonal: false`) no part of a personal fact's value, nor
/// of the id.
private let personalRules = """
fact id: string { personal label da "Sagsnummer" }
fact birth_date: date { personal label da "Fødselsdato" }
fact arrival_date: date { label da "Ankomstdato" }
fact school: string { personal label da "Skole" }
fact grade: int 0 to 10 { personal label da "Klassetrin" }
fact health: bool { personal label da "Helbred" }
fact area: enum { north, south } { personal label da "Område" }
fact gender: enum { female, male } { label da "Køn" }
fact in_association: bool { label da "Foreningsaktiv" }
fact children: list of child { label da "Børn" }
record child {
  fact birth_date: date { personal label da "Fødselsdato" }
  fact in_association: bool { label da "Foreningsaktiv" }
}
derived age = years_since(birth_date) { label da "Alder" }
offer o {
  name da "O"
  municipality national
  source "s.txt"
  eligible when {
    age >= 18
    arrival_date < today
    school in ["A"]
    grade > 3
    health
    area = north
    gender = female
    in_association
    any children where in_association and birth_date < today
  }
}

"""

private let today = Day("2021-06-01")!

private let personalMatcher: Matcher = {
    let (set, diags, _) = Frontend.load([SourceFile(path: "personal.rules", text: personalRules)], today: today)
    precondition(diags.allSatisfy { $0.severity != .error }, "\(diags.map(\.message))")
    return Matcher(rules: set)
}()

@Suite struct PersonalDataTests {
    let rules = personalMatcher.rules
    var screening: ProfileDecoder { ProfileDecoder(rules: rules, rejectFutureBirthDates: false, echoPersonal: false) }
    var caseworker: ProfileDecoder { ProfileDecoder(rules: rules, rejectFutureBirthDates: false, echoPersonal: true) }

    func message(_ decoder: ProfileDecoder, _ line: [UInt8]) -> String? {
        do {
            _ = try decoder.decode(line, today: today)
            return nil
        } catch {
            return error.message
        }
    }

    func message(_ decoder: ProfileDecoder, _ json: String) -> String? { message(decoder, Array(json.utf8)) }

    /// What the screening line reader (fast path, then general path) says.
    func screenMessage(_ line: [UInt8]) -> String? {
        let reader = LineReader(program: personalMatcher.program)
        var facts = Facts(program: personalMatcher.program)
        return line.withUnsafeBufferPointer { b in
            do throws(ProfileError) {
                _ = try reader.read(b, 0 ..< b.count, into: &facts, today: today)
                return nil
            } catch {
                return error.message
            }
        }
    }

    /// The reported case: a CPR number in the birth date. Screening shows no
    /// digit of it (the message has no digits at all); `match`, for one
    /// citizen in front of a caseworker, may show it.
    @Test func aCPRNumberInTheBirthDateIsNotEchoedWhenScreening() {
        let line = #"{"id": "c1", "birth_date": "010203-1234"}"#
        let screened = message(screening, line)
        #expect(screened == "'birth_date' must be a date written YYYY-MM-DD, but the text found is not a calendar date (not shown: personal data)")
        #expect(screened?.contains(where: \.isNumber) == false)
        #expect(screenMessage(Array(line.utf8)) == screened)
        #expect(message(caseworker, line) == #"'birth_date' must be a date written YYYY-MM-DD, but "010203-1234" is not a calendar date"#)
        // The same in a child, and in a CSV cell.
        let child = #"{"children": [{"birth_date": "010203-1234"}]}"#
        #expect(message(screening, child)?.filter(\.isNumber) == "1")  // children[1]
        #expect(screenMessage(Array(child.utf8)) == message(screening, child))
        let csv = try? CSVProfileDecoder(rules: rules, header: ["id", "birth_date"], echoPersonal: false)
        var cellMessage: String?
        do { _ = try csv?.decode(["c1", "010203-1234"], today: today) } catch { cellMessage = error.message }
        #expect(cellMessage == screened)
    }

    /// Every way a personal value can be wrong, as screening words it: the
    /// field and the problem, no part of the value; the fast reader agrees.
    @Test(arguments: [
        (#"{"id": true}"#, "'id' must be a text (the case reference), but found a yes/no value (not shown: personal data)"),
        (#"{"birth_date": 10203123}"#, "'birth_date' must be a date written YYYY-MM-DD, but found a number (not shown: personal data)"),
        (#"{"school": 4711}"#, "'school' must be a text, but found a number (not shown: personal data)"),
        (#"{"grade": 12}"#, "'grade' must be from 0 to 10, but found a number outside it (not shown: personal data)"),
        (#"{"grade": "7. klasse"}"#, "'grade' must be a whole number, but found a text (not shown: personal data)"),
        (#"{"health": "ja, depression"}"#, "'health' must be true or false, but found a text (not shown: personal data)"),
        (#"{"area": "Nordhavn 12"}"#, "'area' must be one of north, south, but found another text (not shown: personal data)"),
        (#"{"children": "Amira 2014-09-02"}"#, "'children' must be a list [{…}, …], but found a text (not shown: personal data)"),
        (#"{"children": ["Amira 2014-09-02"]}"#, "each element of 'children' must be an object {\"birth_date\": …}, but element 1 is a text (not shown: personal data)"),
        (#"{"children": [{"birth_date": 2014}]}"#, "'children[1].birth_date' must be a date written YYYY-MM-DD, but found a number (not shown: personal data)"),
        (#"{"school": Amira}"#, "invalid JSON: invalid literal (not shown: personal data)"),
        (#"{"children": [{"birth_date": Amira}]}"#, "invalid JSON: invalid literal (not shown: personal data)"),
        (#"Amira"#, "invalid JSON: invalid literal (not shown: personal data)"),
        (#""010203-1234""#, "a profile must be a JSON object {\"fact\": value, …}, not a text (not shown: personal data)"),
        // Facts that are not personal keep their (short) excerpt.
        (#"{"gender": "Female"}"#, #"'gender' must be one of female, male, but found "Female"; did you mean 'female'?"#),
        (#"{"gender": Female}"#, "invalid JSON: invalid literal 'Female'"),
        (#"{"arrival_date": "2021-02-30"}"#, #"'arrival_date' must be a date written YYYY-MM-DD, but "2021-02-30" is not a calendar date"#),
        (#"{"in_association": "yes"}"#, #"'in_association' must be true or false, but found the text "yes""#),
    ])
    func screeningNamesTheFieldAndTheProblemOnly(line: String, expected: String) {
        #expect(message(screening, line) == expected)
        #expect(screenMessage(Array(line.utf8)) == expected)
    }

    /// A birth date after the evaluation date, where it is refused, is not
    /// shown either.
    @Test func aFutureBirthDateIsNotShownWhenScreening() {
        var strict = screening
        strict.rejectFutureBirthDates = true
        #expect(message(strict, #"{"birth_date": "2030-01-02"}"#)
                == "'birth_date' is after the evaluation date 2021-06-01 (not shown: personal data); a birth date cannot be in the future")
        strict.echoPersonal = true
        #expect(message(strict, #"{"birth_date": "2030-01-02"}"#)
                == "'birth_date' 2030-01-02 is after the evaluation date 2021-06-01; a birth date cannot be in the future")
    }

    /// A 10 MB value gives a short message, for `match` and for screening
    /// alike; and so does a long value or name in every other place one can
    /// show up (quickly: no suggestion is sought for a name that long).
    @Test func aHugeValueGivesAShortMessage() {
        let tenMB = String(repeating: "x", count: 10 << 20)
        let huge = String(repeating: "x", count: 1 << 16)
        let digits = String(repeating: "7", count: 1 << 16)
        let lines = [
            #"{"gender": ""# + tenMB + #""}"#,
            #"{"birth_date": ""# + tenMB + #""}"#,
            #"{"arrival_date": ""# + huge + #""}"#,
            #"{"in_association": ""# + huge + #""}"#,
            #"{"in_association": "# + digits + "}",
            #"{"gender": "# + huge + "}",
            #"{""# + huge + #"": 1}"#,
            #"{""# + huge + #"": 1, ""# + huge + #"": 2}"#,
            #"{"children": [{""# + huge + #"": 1}]}"#,
            #"{"assessments": {""# + huge + #"": true}}"#,
        ]
        let start = ContinuousClock.now
        for line in lines {
            let bytes = Array(line.utf8)
            for decoder in [screening, caseworker] {
                let m = message(decoder, bytes)
                #expect(m != nil && m!.utf8.count < 200, "\(m?.prefix(300) ?? "accepted")")
            }
            let m = screenMessage(bytes)
            #expect(m != nil && m!.utf8.count < 200, "\(m?.prefix(300) ?? "accepted")")
        }
        // CSV: a huge cell and a huge column name.
        let csv = try? CSVProfileDecoder(rules: rules, header: ["id", "gender", "grade"], echoPersonal: false)
        for row in [["c1", tenMB, nil], ["c1", nil, digits]] {
            do {
                _ = try csv?.decode(row, today: today)
                Issue.record("accepted")
            } catch {
                #expect(error.message.utf8.count < 200, "\(error.message.prefix(300))")
            }
        }
        do {
            _ = try CSVProfileDecoder(rules: rules, header: ["id", huge])
            Issue.record("accepted")
        } catch {
            #expect(error.message.utf8.count < 200 && error.field.utf8.count <= 4 * Excerpt.limit)
        }
        do {
            _ = try CSVReader(text: huge + ";" + huge + "\n")
            Issue.record("accepted")
        } catch {
            #expect(error.message.utf8.count < 200, "\(error.message.prefix(300))")
        }
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func anExcerptIsFortyCharactersAtMost() {
        #expect(Excerpt.of("") == "")
        #expect(Excerpt.of(String(repeating: "a", count: 40)) == String(repeating: "a", count: 40))
        #expect(Excerpt.of(String(repeating: "a", count: 41)) == String(repeating: "a", count: 40) + "…")
        // Characters, not bytes: a Danish letter or an emoji is one.
        #expect(Excerpt.of(String(repeating: "ø", count: 50)) == String(repeating: "ø", count: 40) + "…")
        #expect(Excerpt.of(String(repeating: "👩‍👧", count: 41)).count == 41)
        #expect(Excerpt.of("Østervangsskolen"[...]) == "Østervangsskolen")
    }

    /// The shipped schema marks its personal facts, and `id`.
    @Test func theShippedSchemaMarksItsPersonalFacts() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Rules/schema/facts.rules"), encoding: .utf8)
        let (set, _, _) = Frontend.load([SourceFile(path: "facts.rules", text: text)], today: today)
        let personal = Set(set.facts.filter(\.personal).map(\.name))
        #expect(personal == ["id", "birth_date", "arrival_date", "residential_area", "school", "school_start_date",
                             "womens_shelter_entry_date", "mental_health_challenges", "reduced_work_capacity", "section_50_assessment"])
        // A member (a child, a partner) is a person of the same schema, so the same facts are personal.
        let person = try #require(set.personRecord.map { set.records[$0] })
        #expect(Set(person.fields.filter(\.personal).map(\.name)) == personal.subtracting(["id", "residential_area"]))
        #expect(Set(set.facts.filter(\.household).map(\.name)) == ["id", "municipality", "residential_area"])
    }
}
