import Foundation
import Testing

/// `match` and `screen` give the same answer for a person or child born
/// after the evaluation date: screened (and matched) with no age, as the
/// screening benchmark's spec says, never an error in one and a decision in
/// the other (issue 15, finding 9).
@Suite(.serialized) struct FutureBirthDateTests {
    /// Born after 2021-06-01: the person, a child, both; on the day and the
    /// day after; and one with an escape in its id, so that it goes to the
    /// strict path of screening.
    static let profiles = [
        #"{"id": "F1", "municipality": "roskilde", "birth_date": "2030-01-01", "in_association": false}"#,
        #"{"id": "F2", "municipality": "roskilde", "birth_date": "1990-01-01", "residence_basis": "refugee", "children": [{"birth_date": "2025-01-01", "in_association": false}, {"birth_date": "2015-01-01", "in_association": false}]}"#,
        #"{"id": "F3", "municipality": "hilleroed", "birth_date": "2021-06-02", "children": [{"birth_date": "2021-06-02"}]}"#,
        #"{"id": "F4", "municipality": "roskilde", "birth_date": "2021-06-01", "in_association": false}"#,
        #"{"id": "F\u0035", "municipality": "roskilde", "birth_date": "2030-01-01", "in_association": false}"#,
    ]

    /// Per offer, its status, from `match --format json`.
    func matched(_ profile: String) throws -> [String: String] {
        let r = try matchctl(["match", "--profile", "-", "--date", "2021-06-01", "--format", "json"], stdin: profile)
        #expect(r.status == 0, "\(profile): \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        var statuses: [String: String] = [:]
        for result in results { statuses[try #require(result["offer"] as? String)] = try #require(result["status"] as? String) }
        return statuses
    }

    @Test func matchAndScreenAgree() throws {
        let r = try matchctl(["screen", "-", "--date", "2021-06-01", "--format", "jsonl", "--status", "eligible,undetermined,ineligible", "--jobs", "2"],
                             stdin: Self.profiles.joined(separator: "\n") + "\n")
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n")
        try #require(lines.count == Self.profiles.count)
        for (profile, line) in zip(Self.profiles, lines) {
            let screened = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            var statuses: [String: String] = [:]
            for status in ["eligible", "undetermined", "ineligible"] {
                for offer in try #require(screened[status] as? [String]) { statuses[offer] = status }
            }
            #expect(try matched(profile) == statuses, "\(profile)")
        }
    }

    /// Born after the evaluation date: no age, so an age condition is not met
    /// (and not unknown).
    @Test func noAgeIsNotMet() throws {
        let r = try matchctl(["explain", "fritidspas_roskilde", "--profile", "-", "--date", "2021-06-01", "--lang", "en"], stdin: Self.profiles[0])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Decision as of 2021-06-01: ineligible"))
        #expect(r.stdout.contains("Age: no value"))
    }
}
