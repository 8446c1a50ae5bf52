import Foundation
import MatchService
import Matcher
import Reports
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

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        let a = try parseArguments(args, specs: options, command: "test")
        if a.flag("--help") { Terminal.write(help); return 0 }
        let today = try parseDate(a.value("--date"))
        var minCoverage: Double?
        if let m = a.value("--min-coverage") {
            guard let v = Double(m), v >= 0, v <= 100 else {
                throw UsageError(message: "--min-coverage must be a percentage from 0 to 100, not '\(m)'", command: "test")
            }
            minCoverage = v
        }
        let paths = a.positional.isEmpty ? ["Rules"] : a.positional
        guard let (rules, sources) = try loadCheckedRules(paths, today: today, command: "test") else { return 1 }
        let matcher = Matcher(rules: rules)
        let runner = RuleTestRunner(matcher: matcher)
        let coverage = a.flag("--coverage") || minCoverage != nil
        let report = runner.run(defaultDate: today, keepResults: coverage)
        let text = TestReport(rules: rules, sources: sources, color: Terminal.useColor(1))
        var (out, failedTests) = text.results(report, verbose: a.flag("--verbose"))
        var status: Int32 = failedTests.isEmpty ? 0 : 1
        if coverage {
            let cov = Coverage.measure(matcher: matcher, report: report)
            out += text.coverage(cov)
            if let m = minCoverage, cov.percent + 1e-9 < m {
                out += String(format: "coverage %.1f%% is below the minimum of %.1f%%\n", cov.percent, m)
                status = 1
            }
        }
        if a.flag("--mutate") {
            let (mutants, survivors) = BoundaryMutations(matcher: matcher).survivors(defaultDate: today)
            out += text.mutations(mutants: mutants, survivors: survivors)
            if !survivors.isEmpty { status = 1 }
        }
        Terminal.write(out)
        return status
    }
}

/// Loads rules; prints errors (as `check` does) and returns nil if any.
func loadCheckedRules(_ paths: [String], today: Day, command: String) throws(UsageError) -> (RuleSet, SourceManager)? {
    let rules: RuleSet, diagnostics: [Diagnostic], sources: SourceManager
    do {
        (rules, diagnostics, sources) = try RuleLoader.load(paths: paths, today: today)
    } catch {
        throw UsageError(message: error.message, command: command)
    }
    let errors = diagnostics.inSourceOrder.filter { $0.severity == .error }
    if !errors.isEmpty {
        let r = DiagnosticRenderer(sources: sources, color: Terminal.useColor(2))
        Terminal.error(errors.map(r.text).joined())
        Terminal.error("matchctl: error: the rules have \(errors.count) error\(errors.count == 1 ? "" : "s"); run 'matchctl check' for details\n")
        return nil
    }
    return (rules, sources)
}
