import Foundation
import Matcher
import RulesDSL

/// `matchctl test`: failures with the expected and the actual outcome and
/// the explanation, then coverage and unpinned boundaries. In English, in
/// the terms of the rules language's own `expect` lines. Texts from the
/// rules are shown with their control characters escaped.
public struct TestReport {
    package let rules: RuleSet
    package let sources: SourceManager
    package var color: Bool
    let words: Wording

    /// A report for `rules` (read from `sources`).
    public init(rules: RuleSet, sources: SourceManager, color: Bool) {
        self.rules = rules
        self.sources = sources
        self.color = color
        self.words = Wording(rules: rules, language: .en)
    }

    func paint(_ s: String, _ c: String) -> String { color ? "\u{1B}[\(c)m\(s)\u{1B}[0m" : s }

    static func mark(_ t: Truth) -> String {
        switch t {
        case .yes: return "✓"
        case .no: return "✗"
        case .unknown: return "?"
        }
    }

    /// The failures (and with `verbose` the passing tests), then the tally.
    public func results(_ report: RuleTestRunner.Report, verbose: Bool) -> (text: String, failedTests: Set<Int>) {
        var out = ""
        var failedTests = Set<Int>()
        for f in report.failures {
            failedTests.insert(f.test)
            let t = rules.tests[f.test]
            let (expected, actual) = describe(f)
            out += "\(position(f.expectation.declared, in: sources)): \(paint("FAIL", "1;31")) \(t.title.escapingControls)\n"
            out += "  expect \(rules.offers[f.expectation.offer].id.escapingControls)\n"
            out += "    expected: \(expected.escapingControls)\n"
            out += "    actual:   \(actual.escapingControls)\n"
            if let r = f.result {
                for reason in r.reasons {
                    let vals = reason.values.map(words.pair).map { "\($0.label): \($0.value)" }.joined(separator: ", ")
                    out += "      \(Self.mark(reason.outcome)) \(words.reason(reason.subject).escapingControls)\(vals.isEmpty ? "" : "  [\(vals.escapingControls)]")\n"
                }
                if !r.missing.isEmpty { out += "      missing: \(r.missing.map(\.path).joined(separator: ", ").escapingControls)\n" }
            }
        }
        if verbose {
            for (i, t) in rules.tests.enumerated() where !failedTests.contains(i) {
                out += "\(position(t.declared, in: sources)): \(paint("ok", "32")) \(t.title.escapingControls)\n"
            }
        }
        let passed = report.tests - failedTests.count
        out += "\(report.tests) tests, \(report.expectations) expectations: \(passed) passed, \(failedTests.count) failed\n"
        return (out, failedTests)
    }

    /// The expected and the actual outcome, written as `expect` lines write them.
    func describe(_ f: RuleTestRunner.Failure) -> (String, String) {
        let actualStatus = f.result.map { $0.status.rawValue + outcome($0) } ?? ""
        switch f.mismatch {
        case .status(let s, let because):
            return (because.map { "\(s) because \($0)" } ?? s, actualStatus)
        case .missing(let s, let names, let actual):
            return ("\(s) missing \(names.joined(separator: ", "))", "\(s) missing \(actual.joined(separator: ", "))")
        case .deadline(let d, let actual):
            return ("deadline \(d)", "deadline \(actual?.description ?? "none")")
        case .step(let s, let actual):
            return ("step \(s)", "step \(actual ?? "none")")
        case .lists(let name, let expected, let actual):
            func show(_ xs: [Int]) -> String { xs.isEmpty ? "none" : xs.map(String.init).joined(separator: ", ") }
            return ("detail \(name) lists \(show(expected))", "detail \(name) lists \(show(actual))")
        case .detailText(let name, let text, let actual):
            return ("detail \(name) \"\(text)\"", "detail \(name) \(actual.map { "\"\($0)\"" } ?? "unknown")")
        }
    }

    /// What decided an actual outcome: ` because gender`, ` missing benefit`.
    func outcome(_ r: OfferResult) -> String {
        switch r.status {
        case .ineligible:
            let failed = r.reasons.filter { $0.outcome == .no }.flatMap(\.facts)
            return failed.isEmpty ? "" : " because \(failed.joined(separator: ", "))"
        case .undetermined:
            return " missing \(r.missing.map(\.name).joined(separator: ", "))"
        case .eligible: return ""
        }
    }

    /// What the tests do not cover, and the percentage.
    public func coverage(_ cov: Coverage) -> String {
        var out = ""
        for item in cov.uncovered {
            out += "\(position(item.range, in: sources)): not covered: \(gap(item.gap).escapingControls)\n"
        }
        out += String(format: "coverage: %.1f%% (%d of %d items)\n", cov.percent, cov.covered, cov.total)
        return out
    }

    func gap(_ g: Coverage.Gap) -> String {
        switch g {
        case .status(let o, let s): return "offer '\(rules.offers[o].id)' is never \(s.rawValue) in a test"
        case .truth(let e, let b): return "condition '\(words.conditions.text(e))' is never \(b ? "true" : "false") in a test"
        case .boundary(let e, let v, let side):
            return "condition '\(words.conditions.text(e))' is never tested with the value \(words.value(v)) (\(side.rawValue) its boundary)"
        }
    }

    /// The bounds no test notices, and the tally.
    public func mutations(mutants: Int, survivors: [BoundaryMutations.Survivor]) -> String {
        var out = ""
        for sv in survivors {
            out += "\(position(sv.range, in: sources)): not pinned down: no test fails when the bound \(words.value(sv.original)) of '\(words.conditions.text(sv.condition))' becomes \(words.value(sv.mutated))".escapingControls + "\n"
        }
        out += "boundaries: \(mutants - survivors.count) of \(mutants) moved bounds make a test fail\n"
        return out
    }
}
