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
    /// Issue 11: every offer of `Rules/`, decided for a 30-year-old and for
    /// a 4-year-old in each municipality whose every fact that can apply to
    /// them is known (no partner, no children), is eligible or ineligible:
    /// undetermined only while an assessment is missing. An offer that reads
    /// a fact the person cannot have, or whose `for` leaves someone in
    /// doubt, fails this.
    @Test(arguments: [30, 4])
    func everyOfferIsDecidedForAPersonWhoseApplicableFactsAreKnown(age: Int) throws {
        let s = try #require(shipped)
        let matcher = Matcher(rules: s.rules)
        let today = Day("2021-06-01")!
        let rules = s.rules
        let municipality = try #require(rules.municipalityFact)
        guard case .enumeration(let places) = rules.facts[municipality].type else { Issue.record("no municipalities"); return }
        for (m, name) in rules.enums[places].values.enumerated() {
            // Every fact known, with a value of its type; the date facts a day in the past.
            var p = Profile(factCount: rules.facts.count, assessmentCount: rules.assessments.count)
            p.id = "T-0000"
            for (i, f) in rules.facts.enumerated() {
                switch f.type {
                case .bool: p.facts[i] = .bool(false)
                case .int: p.facts[i] = .int(max(0, f.range?.lo ?? 0))
                case .string: p.facts[i] = .string("x")
                case .date: p.facts[i] = .date(today.adding(days: -1))
                case .enumeration: p.facts[i] = .enumValue(i == municipality ? m : 0)
                case .list: p.facts[i] = .list([])
                default: break
                }
            }
            p.facts[try #require(rules.factIndex("birth_date"))] = .date(Day("\(2021 - age)-01-01")!)
            // Only the facts that can apply to the person: those whose `for` does not hold are left out.
            var ev = Evaluator(program: matcher.program, today: today, tracer: NoTrace())
            let all = Facts(program: matcher.program, profile: p)
            var left = 0
            for (i, node) in matcher.program.appliesNodes.enumerated() where node >= 0 && ev.untracedTruth(node, all) == .no {
                p.facts[i] = nil
                left += 1
            }
            #expect(left > 0, "no fact is outside its 'for' for a \(age)-year-old")
            for r in matcher.evaluateAll(profile: p, today: today) where r.status == .undetermined {
                let facts = r.missing.filter { !$0.isAssessment }.map(\.path)
                #expect(facts.isEmpty, "\(rules.offers[r.offer].id) is undetermined for a \(age)-year-old in \(name), missing \(facts)")
            }
        }
    }

    @Test func checksWithoutErrorsAndOnlyReviewWarnings() throws {
        let s = try #require(shipped)
        let errors = s.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let warnings = s.diagnostics.filter { $0.severity == .warning && $0.code != "review-passed" }
        #expect(warnings.isEmpty, "\(warnings.map(\.message))")
        // No offer reads a fact that cannot apply to someone it is for.
        let outside = RuleBook.targetWarnings(Matcher(rules: s.rules))
        #expect(outside.isEmpty, "\(outside.map(\.message))")
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
