import Foundation
import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService
@testable import Reports

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let shared = repository + "/../shared"

/// The shipped rule set, loaded once.
let shipped: (rules: RuleSet, diagnostics: [Diagnostic], sources: SourceManager)? = {
    try? RuleLoader.load(paths: [repository + "/Rules"], today: Day("2021-06-01")!)
}()

@Suite struct ShippedRulesTests {
    @Test func checksWithoutErrorsAndOnlyReviewWarnings() throws {
        let s = try #require(shipped)
        let errors = s.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let warnings = s.diagnostics.filter { $0.severity == .warning && $0.code != "review-passed" }
        #expect(warnings.isEmpty, "\(warnings.map(\.message))")
    }

    @Test func everyRuleTestPasses() throws {
        let s = try #require(shipped)
        let report = RuleTestRunner(matcher: Matcher(rules: s.rules)).run(defaultDate: Day("2021-06-01")!)
        #expect(report.tests > 0)
        let failures = report.failures.map { "\(s.rules.tests[$0.test].title): \($0.mismatch)" }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func testsCoverEveryOfferConditionAndBoundary() throws {
        let s = try #require(shipped)
        let matcher = Matcher(rules: s.rules)
        let report = RuleTestRunner(matcher: matcher).run(defaultDate: Day("2021-06-01")!, keepResults: true)
        let coverage = Coverage.measure(matcher: matcher, report: report)
        #expect(coverage.total > 0)
        #expect(coverage.uncovered.map { "\($0.gap)" } == [])
        #expect(coverage.percent == 100)
    }

    @Test func everyBoundIsPinnedDownByATest() throws {
        let s = try #require(shipped)
        let (mutants, survivors) = BoundaryMutations(matcher: Matcher(rules: s.rules)).survivors(defaultDate: Day("2021-06-01")!)
        #expect(mutants > 50)
        #expect(survivors.map { "\($0.condition.range): \($0.original) → \($0.mutated)" } == [])
    }

    /// Every offer id of shared/domain.md section 2 is in the rule set, with
    /// a source that names its seed file.
    @Test func everyOfferOfTheDomainIsEncoded() throws {
        let s = try #require(shipped)
        let domain = try String(contentsOfFile: shared + "/domain.md", encoding: .utf8)
        guard let start = domain.range(of: "## 2."), let end = domain.range(of: "## 3.") else {
            Issue.record("shared/domain.md has no section 2")
            return
        }
        var ids: [String] = []
        var seed = ""
        var seedOf: [String: String] = [:]
        for line in domain[start.upperBound..<end.lowerBound].split(separator: "\n") {
            if line.hasPrefix("### "), let r = line.range(of: #"\d{3}_[0-9a-f]+\.txt"#, options: .regularExpression) { seed = String(line[r]) }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("| "), let id = cells.first, id.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) != nil, id != "id" {
                ids.append(id)
                seedOf[id] = seed
            }
        }
        #expect(ids.count >= 70)
        let offers = Dictionary(uniqueKeysWithValues: s.rules.offers.map { ($0.id, $0) })
        for id in ids {
            guard let o = offers[id] else {
                Issue.record("offer '\(id)' of shared/domain.md is not in Rules/")
                continue
            }
            #expect(o.sources.contains { $0.file == seedOf[id] }, "offer '\(id)' does not cite \(seedOf[id] ?? "")")
            #expect(o.title.da != nil && o.title.en != nil && o.description.da != nil && o.description.en != nil, "\(id)")
        }
    }

    /// docs/OFFERS.md is the catalogue rendered from Rules/; it must not drift.
    @Test func offersCatalogueIsUpToDate() throws {
        let s = try #require(shipped)
        let rendered = Catalogue(rules: s.rules, date: nil).markdown(s.rules.offers)
        let path = repository + "/docs/OFFERS.md"
        if ProcessInfo.processInfo.environment["RECORD_OFFERS"] != nil {
            try rendered.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOfFile: path, encoding: .utf8)
        #expect(onDisk == rendered, "docs/OFFERS.md is out of date: run 'swift run matchctl offers --format markdown > docs/OFFERS.md'")
    }
}
