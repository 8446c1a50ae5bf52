import Foundation
import MatchService
import Matcher
import Profiles
import Screening
import RulesDSL

enum TestCommand {
    static let options = [
        OptionSpec(name: "--date", value: "YYYY-MM-DD", help: "Date for tests that give none, and for review warnings (default: today)"),
        OptionSpec(name: "--coverage", value: nil, help: "Report what the tests do not cover"),
        OptionSpec(name: "--min-coverage", value: "PCT", help: "With --coverage: exit 1 below this percentage (0-100)"),
        OptionSpec(name: "--mutate", value: nil, help: "Move every comparison's bound by one each way; report bounds no test notices"),
        OptionSpec(name: "--verbose", value: nil, help: "List every test, not just failures"),
        OptionSpec(name: "--help", value: nil, help: "Show this help"),
    ]

    static var help: String {
        """
        USAGE: matchctl test [PATH …] [options]

        Runs the tests written in the rules language (every 'test' block under
        each PATH; default: Rules/). A failure shows the test's file:line, the
        expected and the actual outcome, and the explanation.

        OPTIONS:
        \(optionsHelp(options))
        EXIT STATUS: 0 all tests pass (and coverage is at least --min-coverage),
        1 a test fails, the rules have errors or coverage is too low, 2 bad usage.

        """
    }

    static func run(_ args: [String]) throws(ToolError) {
        let a = try parseArguments(args, specs: options, command: "test")
        if a.flag("--help") { Terminal.write(help); return }
        let today = try parseDate(a.value("--date"))
        var minCoverage: Double?
        if let m = a.value("--min-coverage") {
            guard let v = Double(m), v >= 0, v <= 100 else {
                throw ToolError(.usageBadValue, "--min-coverage must be a percentage from 0 to 100, not '\(m)'", command: "test")
            }
            minCoverage = v
        }
        let paths = a.positional.isEmpty ? ["Rules"] : a.positional
        let book = try RuleBook.load(paths: paths, date: today)
        let rules = book.rules, sources = book.sources
        let run = book.runTests(date: today, coverage: a.flag("--coverage"), minCoverage: minCoverage, mutate: a.flag("--mutate"))
        let report = run.report
        var out = ""
        let color = Terminal.useColor(1)
        func paint(_ s: String, _ c: String) -> String { color ? "\u{1B}[\(c)m\(s)\u{1B}[0m" : s }
        var failedTests = Set<Int>()
        for f in report.failures {
            failedTests.insert(f.test)
            let t = rules.tests[f.test]
            out += "\(position(f.expectation.declared, sources)): \(paint("FAIL", "1;31")) \(t.title)\n"
            out += "  expect \(rules.offers[f.expectation.offer].id)\n"
            out += "    expected: \(f.expected)\n"
            out += "    actual:   \(f.actual)\n"
            if let r = f.result {
                for reason in r.reasons {
                    let vals = reason.values.map { "\($0.label): \($0.value)" }.joined(separator: ", ")
                    out += "      \(mark(reason.outcome)) \(reason.text)\(vals.isEmpty ? "" : "  [\(vals)]")\n"
                }
                if !r.missing.isEmpty { out += "      missing: \(r.missing.map(\.path).joined(separator: ", "))\n" }
            }
        }
        if a.flag("--verbose") {
            for (i, t) in rules.tests.enumerated() where !failedTests.contains(i) {
                out += "\(position(t.declared, sources)): \(paint("ok", "32")) \(t.title)\n"
            }
        }
        let passed = report.tests - failedTests.count
        out += "\(report.tests) tests, \(report.expectations) expectations: \(passed) passed, \(failedTests.count) failed\n"
        if let cov = run.coverage {
            for item in cov.uncovered {
                out += "\(position(item.range, sources)): not covered: \(item.what)\n"
            }
            out += String(format: "coverage: %.1f%% (%d of %d items)\n", cov.percent, cov.covered, cov.total)
            if let m = minCoverage, run.coverageIsBelowMinimum {
                out += String(format: "coverage %.1f%% is below the minimum of %.1f%%\n", cov.percent, m)
            }
        }
        if case let (mutants, survivors)? = run.mutations {
            for sv in survivors { out += "\(position(sv.range, sources)): not pinned down: \(sv.description)\n" }
            out += "boundaries: \(mutants - survivors.count) of \(mutants) moved bounds make a test fail\n"
        }
        Terminal.write(out)
        if let failure = run.failure { throw failure }
    }

    static func mark(_ t: Truth) -> String {
        switch t {
        case .yes: return "✓"
        case .no: return "✗"
        case .unknown: return "?"
        }
    }
}

/// `file:line:col` of a range.
func position(_ r: SourceRange, _ sources: SourceManager) -> String {
    guard let f = sources.file(r.file) else { return "<unknown>" }
    let l = f.location(of: r.start)
    return "\(f.path):\(l.line):\(l.column)"
}
