import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import MatchService

/// Issue 11: one profile is one case — the holder, a partner, children —
/// and every member is decided on its own facts, the household's, and the
/// holder's `inherited` ones, never on anyone else's.
@Suite struct FamilyTests {
    static let schema = """
    fact municipality: enum { roskilde, hilleroed } { household  label da "Kommune" en "Municipality" }
    fact birth_date: date { label da "Fødselsdato" en "Date of birth" }
    fact gender: enum { female, male } { label da "Køn" en "Gender" }
    fact residence_basis: enum { refugee, family_reunified, other } { inherited  label da "Opholdsgrundlag" en "Residence basis" }
    fact in_association: bool { label da "Foreningsaktiv" en "In an association" }
    fact school_grade: int 0 to 10 {
      for { age between 5 and 17 }
      label da "Klassetrin" en "Grade"
    }
    fact benefit: enum { none, cash } {
      for { age >= 18 }
      label da "Ydelse" en "Benefit"
    }
    fact partner: person { label da "Partner" en "Partner" }
    fact children: list of person { label da "Børn" en "Children" }
    derived age = years_since(birth_date) { label da "Alder" en "Age" }
    assessment needs_mentor { label da "Behov for mentor" en "Needs a mentor" }

    """

    static func offer(_ id: String, _ body: String) -> String {
        "offer \(id) {\n  name da \"\(id)\"\n  municipality roskilde\n  source \"seed.txt\" section \"S\"\n\(body)\n}\n"
    }

    static let offers = offer("pass", "  for { age between 6 and 17 }\n  eligible when { not in_association }")
        + offer("club", "  for { age between 6 and 17 }\n  eligible when { school_grade between 0 and 7 }")
        + offer("family_pass", "  for household\n  eligible when { any children where { age between 6 and 17 } }\n  detail kids lists children where { age between 6 and 17 }")
        + offer("job", "  for { age >= 18 }\n  eligible when { benefit = cash }")
        + offer("refugee_kid", "  for { age < 18 }\n  eligible when { residence_basis = refugee }")
        + offer("mentor", "  for { age >= 18 }\n  requires needs_mentor")

    static let today = Day("2021-06-01")!

    static func load(_ extra: String = "") -> (Matcher, [Diagnostic]) {
        let (set, diags, _) = Frontend.load([SourceFile(path: "f.rules", text: schema + offers + extra)], today: today)
        return (Matcher(rules: set), diags)
    }

    static var matcher: Matcher {
        let (m, diags) = load()
        #expect(diags.filter { $0.severity == .error }.isEmpty, "\(diags.map(\.message))")
        return m
    }

    /// Amira's family: the holder (31), a partner, a son of 6 not in a club,
    /// a daughter of 3, and a child whose birth date is not known.
    static let amira = """
    {"id": "T-9001", "municipality": "roskilde", "birth_date": "1990-04-12", "gender": "female", "residence_basis": "refugee",
     "in_association": false, "benefit": "cash",
     "partner": {"birth_date": "1988-01-01", "residence_basis": "family_reunified", "assessments": {"needs_mentor": true}},
     "children": [
       {"birth_date": "2018-03-15"},
       {"birth_date": "2014-09-02", "in_association": false, "school_grade": 1},
       {"id": "own-id", "in_association": true}
     ]}
    """

    func decode(_ m: Matcher, _ json: String) throws(ProfileError) -> Profile {
        try ProfileDecoder(rules: m.rules, rejectFutureBirthDates: false).decode(Array(json.utf8), today: Self.today)
    }

    func status(_ d: MemberDecisions, _ m: Matcher, _ offer: String) -> Status? {
        d.results.first { m.rules.offers[$0.offer].id == offer }?.status
    }

    @Test func membersComeInACaseworkersOrderWithStableIDs() throws {
        let m = Self.matcher
        let members = m.members(of: try decode(m, Self.amira))
        #expect(members.map(\.role) == [.holder, .partner, .child, .child, .child])
        // Children oldest first, the one without a birth date last; numbers as written.
        #expect(members.map(\.number) == [0, 0, 2, 1, 3])
        #expect(members.map(\.id) == ["T-9001", "T-9001/partner", "T-9001/child-2", "T-9001/child-1", "own-id"])
        #expect(members.map(\.born) == [Day("1990-04-12"), Day("1988-01-01"), Day("2014-09-02"), Day("2018-03-15"), nil])
        // Without a case id the ids are the roles.
        let anonymous = try decode(m, #"{"children": [{"birth_date": "2015-01-01"}], "partner": {}}"#)
        #expect(m.members(of: anonymous).map(\.id) == ["holder", "partner", "child-1"])
        // A profile without partner or children is a household of one.
        #expect(m.members(of: try decode(m, #"{"birth_date": "1990-01-01"}"#)).count == 1)
    }

    @Test func eachMemberIsDecidedOnItsOwnFacts() throws {
        let m = Self.matcher
        let (members, household) = m.decideCase(try decode(m, Self.amira), today: Self.today)
        let holder = members[0], partner = members[1], son = members[2], daughter = members[3], unknownAge = members[4]
        // The pass is for 6–17: the son has it; the mother (who is in no club either) is outside its group.
        #expect(status(son, m, "pass") == .eligible)
        #expect(status(holder, m, "pass") == .ineligible)
        #expect(holder.results.first { m.rules.offers[$0.offer].id == "pass" }?.outsideTarget == true)
        #expect(status(daughter, m, "pass") == .ineligible)
        // A member whose age is unknown may be in the group: undetermined, not ineligible.
        #expect(status(unknownAge, m, "pass") == .ineligible)  // in a club: fails on its own facts
        #expect(status(unknownAge, m, "club") == .undetermined)
        #expect(status(son, m, "club") == .eligible)
        // The benefit is the mother's, not the partner's or the son's.
        #expect(status(holder, m, "job") == .eligible)
        #expect(status(partner, m, "job") == .undetermined)
        #expect(status(son, m, "job") == .ineligible)
        // Assessments are the member's own.
        #expect(status(partner, m, "mentor") == .eligible)
        #expect(status(holder, m, "mentor") == .undetermined)
        // The household offer is decided once, for the case, and names the children it is for.
        #expect(household.map { m.rules.offers[$0.offer].id } == ["family_pass"])
        #expect(household[0].status == .eligible)
        #expect(household[0].details.first?.numbers == [2])
        #expect(!members.contains { d in d.results.contains { m.isHouseholdOffer($0.offer) } })
    }

    @Test func inheritedFactsComeFromTheHolderAndSaySo() throws {
        let m = Self.matcher
        let members = m.members(of: try decode(m, Self.amira))
        let rb = m.rules.factIndex("residence_basis")!
        // The son has no residence basis of his own: he takes his mother's, and it is marked.
        #expect(members[2].profile.facts[rb] == .enumValue(0))
        #expect(members[2].inherited == [rb])
        // The partner has her own.
        #expect(members[1].profile.facts[rb] == .enumValue(1))
        #expect(members[1].inherited.isEmpty)
        // Household facts are the case's; nothing else is taken over.
        let municipality = m.rules.factIndex("municipality")!, benefit = m.rules.factIndex("benefit")!
        #expect(members[2].profile.facts[municipality] == .enumValue(0))
        #expect(members[2].profile.facts[benefit] == nil)
        let (decided, _) = m.decideCase(try decode(m, Self.amira), today: Self.today)
        #expect(status(decided[2], m, "refugee_kid") == .eligible)
    }

    @Test func questionsAreAddressedToTheMemberTheyAreAbout() throws {
        let m = Self.matcher
        let p = try decode(m, #"{"id": "C", "municipality": "roskilde", "birth_date": "1985-05-05", "in_association": false, "children": [{"birth_date": "2012-01-01"}, {"birth_date": "2017-06-01"}]}"#)
        let (members, household) = m.decideCase(p, today: Self.today)
        let questions = m.questions(members: members, household: household, today: Self.today)
        let asked = questions.map { "\($0.member ?? "?"):\($0.name)" }
        // The 9-year-old is asked about her club and her grade; the adult about her benefit.
        #expect(asked.contains("C/child-1:in_association"))
        #expect(asked.contains("C/child-1:school_grade"))
        #expect(asked.contains("C:benefit"))
        // Never a school grade of an adult, nor of a child of 3 (its `for` is no); never a benefit of a child.
        #expect(!asked.contains("C:school_grade"))
        #expect(!asked.contains("C/child-2:school_grade"))
        #expect(!asked.contains { $0.hasPrefix("C/child") && $0.hasSuffix(":benefit") })
        // Each question names the member by index too.
        for q in questions { #expect(members[q.memberIndex!].member.id == q.member) }
    }

    @Test func aHouseholdFactBelongsToTheTopOfTheCase() throws {
        let m = Self.matcher
        #expect(throws: ProfileError.self) { try decode(m, #"{"children": [{"municipality": "roskilde"}]}"#) }
        do throws(ProfileError) {
            _ = try decode(m, #"{"children": [{"municipality": "roskilde"}]}"#)
        } catch {
            #expect(error.field == "children[1].municipality")
            #expect(error.message == "'municipality' belongs to the household: give it once, at the top of the case, not in children[1]")
        }
        do throws(ProfileError) {
            _ = try decode(m, #"{"partner": [{"birth_date": "1990-01-01"}]}"#)
            Issue.record("a list as a partner was accepted")
        } catch {
            #expect(error.message == "'partner' must be one person, an object {\"birth_date\": …} (or [] for none), but found a list")
        }
    }

    @Test func testsInTheRulesLanguageNameMembers() throws {
        let tests = """
        test "family" {
          date 2021-06-01
          profile { id = "T"  municipality = roskilde  birth_date = 1990-04-12  in_association = false
                    partner = { birth_date = 1988-01-01  assessments = { needs_mentor = true } }
                    children = [ { birth_date = 2014-09-02  in_association = false }, { birth_date = 2018-03-15 } ] }
          expect pass ineligible because birth_date
          expect pass eligible for child 1
          expect pass ineligible for child 2
          expect mentor eligible for partner
          expect family_pass eligible
          expect family_pass detail kids lists 1 for household
        }
        """
        let (m, diags) = Self.load(tests)
        #expect(diags.filter { $0.severity == .error }.isEmpty, "\(diags.map(\.message))")
        let run = RuleTestRunner(matcher: m).run(defaultDate: Self.today)
        #expect(run.expectations == 6)
        #expect(run.failures.isEmpty, "\(run.failures.map(\.mismatch))")
        // A wrong expectation fails.
        let (wrong, _) = Self.load(tests.replacingOccurrences(of: "expect pass eligible for child 1", with: "expect pass eligible for child 2"))
        #expect(RuleTestRunner(matcher: wrong).run(defaultDate: Self.today).failures.count == 1)
    }

    @Test(arguments: [
        ("expect pass eligible for child 3", "the test's profile has 2 children, so there is no child 3; children are numbered from 1 as written in 'children = [ … ]'"),
        ("expect pass eligible for partner", "the test's profile has no partner; add 'partner = { … }' to it"),
        ("expect pass eligible for household", "offer 'pass' is decided for each member, not for the household; write 'for holder', 'for partner' or 'for child N'"),
        ("expect family_pass eligible for child 1", "offer 'family_pass' is for the household, decided once for the case; write 'for household' or leave 'for' out"),
    ])
    func aTestNamesOnlyMembersItHas(line: String, message: String) {
        let (_, diags) = Self.load("""
        test "t" {
          date 2021-06-01
          profile { municipality = roskilde  children = [ { birth_date = 2014-09-02 }, { birth_date = 2018-03-15 } ] }
          \(line)
        }
        """)
        #expect(diags.filter { $0.severity == .error }.map(\.message) == [message])
    }

    @Test func theSchemaSaysWhatAMemberMayHave() {
        let (_, missing) = Self.load(Self.offer("untargeted", "  eligible when { age >= 18 }"))
        #expect(missing.map(\.message).contains("offer 'untargeted' does not say whom it is for, so it is decided for every member of a case; add 'for { … }' (a condition on the member, e.g. 'for { age between 6 and 17 }') or 'for household'"))
        let (_, both) = Self.load("fact x: bool { household inherited label da \"X\" }\n")
        #expect(both.map(\.message).contains("a fact is 'household' (given once for the case) or 'inherited' (taken over by a member without it), not both"))
        let (_, list) = Self.load("fact pets: list of person { household label da \"Dyr\" }\n")
        #expect(list.map(\.message).contains("'household' marks a value, and 'pets' holds members (a list); members are never taken over"))
        let (_, inMember) = Self.load("""
        test "t" {
          date 2021-06-01
          profile { children = [ { municipality = roskilde } ] }
          expect pass ineligible for child 1
        }
        """)
        #expect(inMember.map(\.message).contains("'municipality' belongs to the household: give it once, at the top of the profile, not in 'children'"))
    }

    /// `check` warns when an offer reads a fact that cannot apply to some of
    /// the people it is for, with one of them as the example.
    @Test func anOfferThatReadsAFactOutsideItsTargetIsAWarning() {
        let (m, _) = Self.load(Self.offer("grade_for_all", "  for { age >= 0 }\n  eligible when { school_grade <= 3 }")
                               + Self.offer("benefit_for_kids", "  for { age < 18 }\n  eligible when { benefit = cash }"))
        let warnings = RuleBook.targetWarnings(m)
        #expect(warnings.map(\.message) == [
            "offer 'grade_for_all' reads 'school_grade', which cannot apply to everyone the offer is for (for instance a 0-year-old); narrow the offer's 'for' to the people the fact applies to",
            "offer 'benefit_for_kids' reads 'benefit', which cannot apply to everyone the offer is for (for instance a 0-year-old); narrow the offer's 'for' to the people the fact applies to",
        ])
        #expect(warnings.allSatisfy { $0.code == "fact-outside-target" && $0.severity == .warning })
        // Offers whose group lies inside the fact's (6–17 within 5–17; adults reading an adult's fact) are fine.
        #expect(RuleBook.targetWarnings(Self.matcher).isEmpty)
    }

    /// `--mutate` decides each expectation on its member: a bound that only
    /// an expectation about a child pins down is pinned down.
    @Test func mutationsAreDecidedOnTheMember() {
        let (m, diags) = Self.load("""
        test "children at the lower bound" {
          date 2021-06-01
          profile { municipality = roskilde  birth_date = 1990-01-01  in_association = false
                    children = [ { birth_date = 2015-06-01  in_association = false }, { birth_date = 2015-06-02  in_association = false } ] }
          expect pass eligible for child 1
          expect pass ineligible for child 2
        }
        """)
        #expect(diags.filter { $0.severity == .error }.isEmpty, "\(diags.map(\.message))")
        let (_, survivors) = BoundaryMutations(matcher: m).survivors(defaultDate: Self.today)
        // The survivors in offer `pass` (written before `club`).
        let from = m.rules.offers[m.rules.offerIndex("pass")!].declared.start, to = m.rules.offers[m.rules.offerIndex("club")!].declared.start
        let pass = survivors.filter { $0.range.start > from && $0.range.start < to }.map { "\($0.original)→\($0.mutated)" }
        // 6 is pinned by the two children (not by the holder, who is 31); 17 by no one.
        #expect(pass.contains("int(17)→int(16)") && pass.contains("int(17)→int(18)"), "\(pass)")
        #expect(!pass.contains("int(6)→int(5)") && !pass.contains("int(6)→int(7)"), "\(pass)")
    }
}
