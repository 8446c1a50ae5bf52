import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

@Suite struct DecisionTests {
    let m = matcher(
        offer("leisure", "valid from 2021-01-01\n eligible when {\n age between 6 and 17\n not in_association\n }")
        + offer("project", "valid from 2021-01-01 to 2021-12-31\n eligible when { age >= 18 }")
        + offer("planned_offer", "planned \"i gang med at oprette\"\n eligible when { age >= 18 }")
        + offer("mentor", "requires needs_mentor\n eligible when { age >= 18 }")
        + offer("arrival", "eligible when { age >= 18 }\n deadline arrival_date + 4 weeks label da \"Indsats senest\" en \"Effort by\"")
        + offer("ladder_offer", "ladder by step {\n step high { name da \"Høj\" en \"High\" }\n step middle { name da \"Mellem\" en \"Middle\" when employed }\n step low { name da \"Lav\" en \"Low\" }\n }")
        + offer("placement", "detail place label da \"Placering\" en \"Placement\" {\n when gender = male: da \"Tørring\" en \"Tørring\"\n when gender = female: da \"Juelsminde\" en \"Juelsminde\"\n }")
        + offer("household", "eligible when { any children where age < 18 }\n detail covered label da \"Børn\" en \"Children\" lists children where age < 18")
        + offer("schools", "eligible when { school in [\"Østervangsskolen\", \"Tjørnegårdskolen\"] }")
        + "partner foetex { name \"Føtex Roskilde\" municipality roskilde places 10 }\n"
        + offer("stv", "partner foetex\n hours 2 to 6 per week\n capacity 10\n duration 3 months extendable to 6 months")
    )

    static let r = #"{"municipality": "roskilde""#

    @Test(arguments: [
        ("2015-06-01", Status.eligible),   // 6 on the day
        ("2015-06-02", .ineligible),       // 5, the day before turning 6
        ("2003-06-02", .eligible),         // 17, the day before turning 18
        ("2003-06-01", .ineligible),       // 18 on the day
    ])
    func ageBoundaries(birth: String, expected: Status) throws {
        let res = try result(m, "leisure", Self.r + #", "in_association": false, "birth_date": "\#(birth)"}"#)
        #expect(res.status == expected)
    }

    @Test func leapDayBirthdayIsReachedOnFirstOfMarch() throws {
        let json = Self.r + #", "in_association": false, "birth_date": "2004-02-29"}"#
        #expect(try result(m, "leisure", json, date: "2022-02-28").status == .eligible)
        #expect(try result(m, "leisure", json, date: "2022-03-01").status == .ineligible)
    }

    @Test func windowRunsUntilTheDayBeforeTheEighteenthBirthday() throws {
        let res = try result(m, "leisure", Self.r + #", "in_association": false, "birth_date": "2011-03-04"}"#)
        #expect(res.status == .eligible)
        #expect(res.window?.from == Day("2021-01-01"))   // the offer's start: she was already 9
        #expect(res.window?.until == Day("2029-03-03"))
    }

    @Test func ineligibleChildLearnsWhenSheBecomesEligible() throws {
        let res = try result(m, "leisure", Self.r + #", "in_association": false, "birth_date": "2017-09-15"}"#)
        #expect(res.status == .ineligible)
        #expect(res.eligibleFrom == Day("2023-09-15"))
        #expect(res.reasons.first?.facts.contains("age") == true)
    }

    @Test func validityWindowFirstAndLastDay() throws {
        let adult = Self.r + #", "birth_date": "1980-01-01"}"#
        #expect(try result(m, "project", adult, date: "2021-01-01").status == .eligible)
        #expect(try result(m, "project", adult, date: "2021-12-31").status == .eligible)
        let before = try result(m, "project", adult, date: "2020-12-31")
        #expect(before.status == .ineligible)
        #expect(before.reasons.first?.kind == .validity)
        #expect(before.eligibleFrom == Day("2021-01-01"))
        #expect(try result(m, "project", adult, date: "2022-01-01").status == .ineligible)
        #expect(try result(m, "project", adult, date: "2021-06-01").window?.until == Day("2021-12-31"))
    }

    @Test func plannedOfferIsNeverEligible() throws {
        let res = try result(m, "planned_offer", Self.r + #", "birth_date": "1980-01-01"}"#)
        #expect(res.status == .ineligible)
        #expect(res.reasons.first?.kind == .planned)
        #expect(res.eligibleFrom == nil)
    }

    @Test func assessmentsAreNeverGuessed() throws {
        let open = try result(m, "mentor", Self.r + #", "birth_date": "1980-01-01"}"#)
        #expect(open.status == .undetermined)
        #expect(open.missing == [Missing(name: "needs_mentor", isAssessment: true, path: "needs_mentor")])
        let met = try result(m, "mentor", Self.r + #", "birth_date": "1980-01-01", "assessments": {"needs_mentor": true}}"#)
        #expect(met.status == .eligible)
        let notMet = try result(m, "mentor", Self.r + #", "birth_date": "1980-01-01", "assessments": {"needs_mentor": false}}"#)
        #expect(notMet.status == .ineligible)
        #expect(notMet.reasons.first?.kind == .assessment)
    }

    @Test func deadlineFromArrival() throws {
        let res = try result(m, "arrival", Self.r + #", "birth_date": "1980-01-01", "arrival_date": "2021-05-10"}"#)
        #expect(res.deadlines.first?.due == Day("2021-06-07"))
        #expect(res.deadlines.first?.passed == false)
        let late = try result(m, "arrival", Self.r + #", "birth_date": "1980-01-01", "arrival_date": "2021-05-01"}"#)
        #expect(late.deadlines.first?.due == Day("2021-05-29"))
        #expect(late.deadlines.first?.passed == true)
        #expect(late.deadlines.first.map(words(m).deadline) == "Indsats senest")
    }

    @Test(arguments: [
        (#"{"step": "high"}"#, "{}", "high"),
        (#"{"step": "middle"}"#, #"{"employed": true}"#, "middle"),
        (#"{"step": "middle"}"#, #"{"employed": false}"#, "low"),
        (#"{"step": "low"}"#, "{}", "low"),
    ])
    func ladderRecommendsTheHighestFeasibleStep(assessment: String, facts: String, expected: String) throws {
        var json = String(facts.dropLast())
        json += (json.count > 1 ? ", " : "") + #""municipality": "roskilde", "assessments": \#(assessment)}"#
        let res = try result(m, "ladder_offer", json)
        #expect(res.ladder?.recommended == expected)
        if expected == "low", assessment.contains("middle") {
            #expect(res.ladder?.steps[1].applies == Truth.no)
        }
    }

    @Test func ladderWithoutAssessmentAwaitsIt() throws {
        let res = try result(m, "ladder_offer", Self.r + "}")
        #expect(res.ladder?.recommended == nil)
        #expect(res.ladder?.steps.allSatisfy { $0.applies == .unknown } == true)
    }

    @Test(arguments: [("male", "Tørring"), ("female", "Juelsminde")])
    func placementDependsOnGender(gender: String, place: String) throws {
        let res = try result(m, "placement", Self.r + #", "gender": "\#(gender)"}"#)
        #expect(res.details.first.flatMap(words(m).detailText) == place)
    }

    @Test func placementWaitsForUnknownGender() throws {
        let res = try result(m, "placement", Self.r + "}")
        #expect(res.details.first.flatMap(words(m).detailText) == nil)
        #expect(res.details.first?.waitsFor == ["gender"])
    }

    @Test func householdDetailNamesTheChildren() throws {
        let res = try result(m, "household", Self.r + #", "children": [{"birth_date": "1999-01-01"}, {"birth_date": "2012-03-04"}]}"#)
        #expect(res.status == .eligible)
        #expect(res.details.first?.numbers == [2])
        #expect(res.details.first.map(words(m).elements) == ["Nr. 2 (født 2012-03-04)"])
        let en = try result(m, "household", Self.r + #", "children": [{"birth_date": "2012-03-04"}]}"#)
        #expect(en.details.first.map(words(m, .en).elements) == ["No. 1 (born 2012-03-04)"])
    }

    @Test func textsWithDanishLettersMatch() throws {
        #expect(try result(m, "schools", Self.r + #", "school": "Østervangsskolen"}"#).status == .eligible)
        #expect(try result(m, "schools", Self.r + #", "school": "Hedegårdenes Skole"}"#).status == .ineligible)
    }

    @Test func reasonsInBothLanguages() throws {
        let json = Self.r + #", "in_association": true, "birth_date": "2011-03-04"}"#
        let r = try result(m, "leisure", json)
        let da = words(m), en = words(m, .en)
        // The engine gives values; the words come from the reports.
        #expect(r.reasons.first?.values.first?.value == .bool(true))
        #expect(r.reasons.first.map { da.reason($0.subject) } == "ikke Foreningsaktiv")
        #expect(r.reasons.first?.values.first.map { da.pair($0).value } == "ja")
        #expect(r.reasons.first.map { en.reason($0.subject) } == "not In an association")
        #expect(r.reasons.first?.values.first.map { en.pair($0).value } == "yes")
        #expect(r.reasons.map { da.reason($0.subject) }.first { $0.hasPrefix("Alder") } == "Alder 6–17 år")
    }

    @Test func fastPathAgreesWithExplainedPath() throws {
        // The batch path short-circuits; the explained path evaluates all.
        let profiles = [
            Self.r + "}", Self.r + #", "birth_date": "2011-03-04"}"#,
            Self.r + #", "in_association": false, "birth_date": "2011-03-04", "children": [{}]}"#,
            #"{"birth_date": "1980-01-01", "employed": true, "gender": "male"}"#,
        ]
        for json in profiles {
            let p = try profile(m, json)
            let f = Facts(program: m.program, profile: p)
            let fast = m.statuses(facts: f, today: Day("2021-06-01")!)
            let full = m.evaluateAll(profile: p, today: Day("2021-06-01")!).map(\.status)
            #expect(fast == full, "\(json)")
        }
    }
}
