import Foundation
import Testing

/// Golden files: what `match` (text and JSON, Danish and English), `explain`
/// and `offers` print today for the shipped rules, the example profiles and
/// profiles taken from the rules' own tests (`Golden/profiles/`), compared
/// byte for byte. A difference is a change in behaviour: re-record only on
/// purpose, with `MATCHCTL_RECORD_GOLDEN=1 swift test --filter GoldenTests`,
/// and review the diff of `Golden/` before committing it.
@Suite struct GoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var args: [String]
        var testDescription: String { name }
    }

    /// Profiles and their evaluation dates (a rule test's own date).
    static let profiles: [(file: String, date: String)] = [
        ("Examples/profile-amira.json", "2021-06-01"),
        ("Examples/profile-partial.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/frederikssund-youth.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/hedensted-ladder.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/hilleroed-woman.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/nowhere.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/roskilde-sosu.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/roskilde-unknowns.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/ruletest-T-1001.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/ruletest-T-1401.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/ruletest-T-2501.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/ruletest-T-4001.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/ruletest-T-4101.json", "2021-06-01"),
        ("Tests/matchctlTests/Golden/profiles/ruletest-T-5202.json", "2017-06-01"),
    ]

    /// Offers explained for every profile: eligible, undetermined, ineligible,
    /// a ladder, list details, deadlines and a planned offer among them.
    static let explained = [
        "stv_foetex", "fritidspas_roskilde", "employment_ladder", "early_family_support",
        "womens_shelter_followup", "daycare_free_place", "company_oriented_effort_roskilde",
        "municipal_workplaces", "family_health_screening", "pre_arrival_visit", "trial_membership",
    ]

    static let cases: [Case] = {
        var out: [Case] = []
        for (k, (file, date)) in profiles.enumerated() {
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let base = ["--profile", file, "--date", date]
            out.append(Case(name: "\(stem).match.da.txt", args: ["match"] + base + ["--all"]))
            out.append(Case(name: "\(stem).match.en.txt", args: ["match"] + base + ["--lang", "en"]))
            out.append(Case(name: "\(stem).match.da.json", args: ["match"] + base + ["--format", "json"]))
            if k < 3 { out.append(Case(name: "\(stem).match.en.json", args: ["match"] + base + ["--format", "json", "--lang", "en"])) }
            for (j, offer) in explained.enumerated() {
                let lang = j % 2 == 0 ? "da" : "en"
                out.append(Case(name: "\(stem).explain.\(offer).\(lang).txt", args: ["explain", offer] + base + ["--lang", lang]))
            }
        }
        // Families (issue 11): each member's decisions, one member explained, and screened as cases.
        for (file, member) in [("Examples/family-hilleroed.json", "T-9101/child-2"), ("Examples/family-hedensted.json", "T-9202"),
                               ("Examples/family-frederikssund.json", "T-9301/child-1"), ("Examples/family-roskilde.json", "T-9401/child-1")] {
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let base = ["--profile", file, "--date", "2021-06-01"]
            out.append(Case(name: "\(stem).match.da.txt", args: ["match"] + base + ["--all"]))
            out.append(Case(name: "\(stem).match.da.json", args: ["match"] + base + ["--format", "json"]))
            out.append(Case(name: "\(stem).explain.member.da.txt", args: ["explain", "fritidspas_roskilde"] + base + ["--member", member]))
        }
        let families = "Tests/matchctlTests/Golden/profiles/families.jsonl"
        for format in ["jsonl", "csv", "summary"] {
            out.append(Case(name: "screen.families.\(format).txt", args: ["screen", families, "--date", "2021-06-01", "--format", format]))
        }
        let caseload = "Tests/matchctlTests/Golden/profiles/caseload-300.jsonl"
        for format in ["jsonl", "csv", "summary"] {
            out.append(Case(name: "screen.\(format).txt", args: ["screen", caseload, "--date", "2021-06-01", "--format", format, "--status", format == "csv" ? "eligible" : "eligible,undetermined"]))
        }
        out.append(Case(name: "screen.human.txt", args: ["screen", caseload, "--date", "2016-01-01", "--format", "summary", "--human", "--jobs", "1"]))
        out.append(Case(name: "check.txt", args: ["check", "Rules", "--date", "2021-06-01"]))
        out.append(Case(name: "test.txt", args: ["test", "Rules", "--date", "2021-06-01", "--coverage", "--verbose"]))
        out.append(Case(name: "offers.da.txt", args: ["offers", "--date", "2021-06-01"]))
        out.append(Case(name: "offers.en.txt", args: ["offers", "--lang", "en"]))
        out.append(Case(name: "offers.json", args: ["offers", "--format", "json"]))
        out.append(Case(name: "offers.roskilde.md", args: ["offers", "--format", "markdown", "--municipality", "roskilde"]))
        return out
    }()

    @Test(arguments: cases)
    func outputIsUnchanged(_ c: Case) throws {
        let r = try matchctl(c.args)
        let actual = r.stdout + (r.stderr.isEmpty ? "" : "--- stderr ---\n" + r.stderr) + "--- exit \(r.status) ---\n"
        let path = Self.golden + "/" + c.name
        if ProcessInfo.processInfo.environment["MATCHCTL_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.golden, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("no golden file \(c.name); record it with MATCHCTL_RECORD_GOLDEN=1")
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("""
                \(c.name) differs from its golden file at line \(line + 1):
                  expected: \(line < e.count ? String(e[line]) : "<end>")
                  actual:   \(line < a.count ? String(a[line]) : "<end>")
                (matchctl \(c.args.joined(separator: " ")))
                """)
        }
    }
}
