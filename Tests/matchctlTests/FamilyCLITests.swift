import Foundation
import Testing

/// Issue 11's acceptance, from the command line, on the shipped rules
/// (`--date 2021-06-01`): a family is decided member by member, questions
/// are addressed to the member they are about, and `screen` agrees with
/// `match` on every member.
@Suite struct FamilyCLITests {
    struct Decided {
        var members: [String: [String: String]] = [:]   // member id → offer → status
        var roles: [String: String] = [:]
        var household: [String: String] = [:]
        var householdChildren: [String: [String]] = [:]
        var questions: [(member: String, fact: String)] = []
    }

    func match(_ profile: String) throws -> Decided {
        let r = try matchctl(["match", "--profile", profile, "--date", "2021-06-01", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["contract"] as? Int == 2)
        var d = Decided()
        for m in try #require(json["members"] as? [[String: Any]]) {
            let id = try #require(m["id"] as? String)
            d.roles[id] = m["role"] as? String
            var offers: [String: String] = [:]
            for r in try #require(m["results"] as? [[String: Any]]) { offers[r["offer"] as! String] = r["status"] as? String }
            for o in try #require(m["not_for"] as? [String]) { offers[o] = "not_for" }
            d.members[id] = offers
        }
        for r in try #require(json["household"] as? [[String: Any]]) {
            d.household[r["offer"] as! String] = r["status"] as? String
            d.householdChildren[r["offer"] as! String] = r["children"] as? [String]
        }
        for q in try #require(json["questions"] as? [[String: Any]]) {
            d.questions.append((q["member"] as? String ?? "?", (q["fact"] ?? q["assessment"]) as? String ?? "?"))
        }
        return d
    }

    @Test func amirasSonIsDecidedOnHisOwnFacts() throws {
        let d = try match("Examples/profile-amira.json")
        #expect(d.roles == ["T-9001": "holder", "T-9001/child-1": "child", "T-9001/child-2": "child"])
        let son = try #require(d.members["T-9001/child-1"])
        #expect(son["fritidspas_roskilde"] == "eligible")
        #expect(son["spil_op"] == "eligible")
        // Amira herself is outside the children's offers, not "ikke: Alder 6–17 år (alder: 31)".
        #expect(d.members["T-9001"]?["fritidspas_roskilde"] == "not_for")
        #expect(d.members["T-9001"]?["spil_op"] == "not_for")
        // No question about Amira's school, grade, day care or education readiness.
        let askedOfAmira = Set(d.questions.filter { $0.member == "T-9001" }.map(\.fact))
        #expect(askedOfAmira.isDisjoint(with: ["school_grade", "school", "in_daycare", "education_ready", "language_assessment"]), "\(askedOfAmira)")
        // The 3-year-old in day care is not asked about a home visit (nor anything it would need).
        let askedOfDaughter = Set(d.questions.filter { $0.member == "T-9001/child-2" }.map(\.fact))
        #expect(askedOfDaughter.isDisjoint(with: ["in_daycare", "language_assessment", "benefit", "employment"]), "\(askedOfDaughter)")
        #expect(d.members["T-9001/child-2"]?["language_visit_age3"] != "undetermined")
    }

    /// A Hillerød refugee, a single mother on kontanthjælp, with children of
    /// 4 (at home), 9 (grade 3) and 16.
    @Test func aHillerodFamilyGetsEachMembersOffers() throws {
        let d = try match("Examples/family-hilleroed.json")
        #expect(d.members["T-9101/child-2"]?["fritidskort_hilleroed"] == "eligible")
        #expect(d.members["T-9101/child-3"]?["fire_cadets"] == "eligible")
        #expect(d.household["fritidspas_hilleroed"] == "eligible")
        #expect(d.householdChildren["fritidspas_hilleroed"] == ["T-9101/child-3", "T-9101/child-2", "T-9101/child-1"])
        // No child is asked about benefits, shelters, SOSU or children of their own.
        let adultFacts: Set = ["benefit", "womens_shelter_entry_date", "sosu_student", "children", "single_parent", "employment_measure"]
        for q in d.questions where q.member != "T-9101" {
            #expect(!adultFacts.contains(q.fact), "\(q.member) asked \(q.fact)")
        }
        // The mother is asked nothing about school grades or day care.
        for q in d.questions where q.member == "T-9101" {
            #expect(!["school_grade", "school", "in_daycare", "language_assessment", "high_absence_from_school"].contains(q.fact), "asked \(q.fact)")
        }
    }

    /// `screen` reads a case a line and reports each member: the same
    /// statuses as `match`, every member and offer, in jsonl and csv.
    @Test(arguments: ["Examples/profile-amira.json", "Examples/family-hilleroed.json"])
    func screenAgreesWithMatchOnEveryMember(profile: String) throws {
        let d = try match(profile)
        let text = try String(contentsOfFile: repoRoot + "/" + profile, encoding: .utf8)
        let line = try #require(String(data: JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(text.utf8))), encoding: .utf8))
        let all = ["--status", "eligible,undetermined,ineligible"]
        let jsonl = try matchctl(["screen", "-", "--date", "2021-06-01", "--format", "jsonl"] + all, stdin: line + "\n")
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let screened = try #require(JSONSerialization.jsonObject(with: Data(jsonl.stdout.utf8)) as? [String: Any])
        func statuses(_ m: [String: Any]) -> [String: String] {
            var got: [String: String] = [:]
            for s in ["eligible", "undetermined", "ineligible"] { for o in m[s] as? [String] ?? [] { got[o] = s } }
            return got
        }
        // The holder's decisions and the household's are the line's own keys, as for a profile.
        let holderID = try #require(screened["id"] as? String)
        let holder = try #require(d.members[holderID]).filter { $0.value != "not_for" }.merging(d.household) { a, _ in a }
        #expect(statuses(screened) == holder)
        for m in try #require(screened["members"] as? [[String: Any]]) {
            let id = try #require(m["id"] as? String)
            let expected = try #require(d.members[id]).filter { $0.value != "not_for" }
            #expect(statuses(m) == expected, "member \(id)")
            #expect(m["role"] as? String == d.roles[id])
        }
        #expect((screened["members"] as? [Any])?.count == d.members.count - 1)
        // CSV: a row per member and offer; a household offer's row names no member.
        let csv = try matchctl(["screen", "-", "--date", "2021-06-01", "--format", "csv"] + all, stdin: line + "\n")
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["id", "member", "offer", "status", "fejl"])
        let memberRows = rows.dropFirst().filter { !$0[1].isEmpty }
        #expect(memberRows.count == d.members.values.map { $0.filter { $0.value != "not_for" }.count }.reduce(0, +))
        for r in memberRows { #expect(d.members[r[1]]?[r[2]] == r[3], "\(r)") }
        #expect(rows.dropFirst().filter { $0[1].isEmpty }.count == d.household.count)
        // The summary counts each offer over the members it is for.
        let summary = try matchctl(["screen", "-", "--date", "2021-06-01", "--format", "summary"], stdin: line + "\n")
        let counts = try #require(JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
        #expect(counts["members"] as? Int == d.members.count)
        let offers = try #require(counts["offers"] as? [String: [String: Int]])
        for (offer, c) in offers {
            let decided = d.members.values.compactMap { $0[offer] }.filter { $0 != "not_for" } + [d.household[offer]].compactMap { $0 }
            #expect(c.values.reduce(0, +) == decided.count, "\(offer)")
            #expect(c["eligible"] == decided.filter { $0 == "eligible" }.count, "\(offer)")
        }
    }

    /// `explain --member` explains one member's decision, on that member's facts.
    @Test func explainNamesTheMember() throws {
        let son = try matchctl(["explain", "fritidspas_roskilde", "--profile", "Examples/profile-amira.json", "--member", "T-9001/child-1", "--date", "2021-06-01"])
        #expect(son.status == 0, "\(son.stderr)")
        #expect(son.stdout.hasPrefix("Barn, 6 år (f. 2014-09-02) [T-9001/child-1]\nFritidspas (Roskilde) [fritidspas_roskilde]\nAfgørelse pr. 2021-06-01: berettiget\n"))
        #expect(son.stdout.contains("✓ Alder 6–17 år  [Alder: 6]"))
        // The target's condition is shown once, in the tree.
        #expect(son.stdout.components(separatedBy: "Alder 6–17 år").count == 2)
        let mother = try matchctl(["explain", "fritidspas_roskilde", "--profile", "Examples/profile-amira.json", "--date", "2021-06-01", "--lang", "en"])
        #expect(mother.stdout.contains("Decision as of 2021-06-01: ineligible"))
        #expect(mother.stdout.contains("✗ Age 6–17  [Age: 31]") || mother.stdout.contains("[Age: 31]"))
    }
}
