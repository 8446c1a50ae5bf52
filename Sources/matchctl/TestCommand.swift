import Foundation
import MatchService
import Matcher
import Profiles
import Screening
import Reports
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
        if a.flag("--help") { try Terminal.write(help); return }
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
        let text = TestReport(rules: rules, sources: sources, color: Terminal.useColor(1))
        var out = text.results(report, verbose: a.flag("--verbose")).text
        if let cov = run.coverage {
            out += text.coverage(cov)
            if let m = minCoverage, run.coverageIsBelowMinimum {
                out += String(format: "coverage %.1f%% is below the minimum of %.1f%%\n", cov.percent, m)
            }
        }
        if case let (mutants, survivors)? = run.mutations {
            out += text.mutations(mutants: mutants, survivors: survivors)
        }
        try Terminal.write(out)
        if let failure = run.failure { throw failure }
    }
}
