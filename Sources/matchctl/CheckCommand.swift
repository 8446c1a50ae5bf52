import Foundation
import MatchService
import Matcher
import Profiles
import Screening
import RulesDSL

enum CheckCommand {
    static let options = [
        OptionSpec(name: "--date", value: "YYYY-MM-DD", help: "Judge review dates as of this date (default: today)"),
        OptionSpec(name: "--format", value: "text|json", help: "text (default): compiler-style messages; json: one JSON object per line"),
        OptionSpec(name: "--warnings-as-errors", value: nil, help: "Exit with status 1 if there are warnings"),
        OptionSpec(name: "--help", value: nil, help: "Show this help"),
    ]

    static var help: String {
        """
        USAGE: matchctl check [PATH …] [options]

        Checks rule files (every .rules file under each PATH; default: Rules/)
        and reports errors and warnings as file:line:col: messages with the
        source line, a caret and suggestions.

        OPTIONS:
        \(optionsHelp(options))
        EXIT STATUS: 0 no errors, 1 errors found (or warnings, with
        --warnings-as-errors), 2 bad usage or unreadable paths.

        """
    }

    static func run(_ args: [String]) throws(ToolError) {
        let a = try parseArguments(args, specs: options, command: "check")
        if a.flag("--help") { try Terminal.write(help); return }
        let today = try parseDate(a.value("--date"))
        let format = try choice(a.value("--format"), option: "--format", allowed: ["text", "json"], default: "text")
        let paths = a.positional.isEmpty ? ["Rules"] : a.positional
        let (rules, diagnostics, sources) = try RuleLoader.load(paths: paths, today: today)
        // Rules without errors are also compiled, to find offers that read facts outside their target group.
        let analysed = diagnostics.contains { $0.severity == .error } ? [] : RuleBook.targetWarnings(Matcher(rules: rules))
        let sorted = (diagnostics + analysed).inSourceOrder
        let renderer = DiagnosticRenderer(sources: sources, color: format == "text" && Terminal.useColor(1))
        var out = ""
        for d in sorted {
            out += format == "json" ? renderer.json(d) + "\n" : renderer.text(d)
        }
        let errors = sorted.filter { $0.severity == .error }.count
        let warnings = sorted.filter { $0.severity == .warning }.count
        if format == "text" {
            out += "\(sources.files.count) file\(sources.files.count == 1 ? "" : "s"), \(rules.offers.count) offer\(rules.offers.count == 1 ? "" : "s"), \(rules.tests.count) test\(rules.tests.count == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        }
        try Terminal.write(out)
        // The diagnostics above are the report; the error only sets the exit status.
        if errors > 0 {
            throw ToolError(.rulesInvalid, "the rules have \(errors) error\(errors == 1 ? "" : "s")", form: .reported)
        }
        if a.flag("--warnings-as-errors") && warnings > 0 {
            throw ToolError(.rulesWarnings, "the rules have \(warnings) warning\(warnings == 1 ? "" : "s") (--warnings-as-errors)", form: .reported)
        }
    }
}

func optionsHelp(_ specs: [OptionSpec]) -> String {
    specs.map { s in
        let left = s.name + (s.value.map { " " + $0 } ?? "")
        return "  " + left.padding(28) + s.help
    }.joined(separator: "\n") + "\n"
}
