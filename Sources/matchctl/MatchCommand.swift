import Foundation
import MatchService
import Matcher
import Profiles
import Screening
import Reports
import RulesDSL

enum MatchCommand {
    static let options = ruleOptions + [
        OptionSpec(name: "--profile", value: "FILE", help: "The citizen's profile (JSON); '-' reads standard input"),
        OptionSpec(name: "--lang", value: "da|en", help: "Language of the output (default: da)"),
        OptionSpec(name: "--format", value: "text|json", help: "text (default) or json"),
        OptionSpec(name: "--all", value: nil, help: "Also list the offers the citizen cannot get, with the reason"),
        OptionSpec(name: "--help", value: nil, help: "Show this help"),
    ]

    static var help: String {
        """
        USAGE: matchctl match --profile FILE [options]

        Decides every offer for one citizen: eligible offers first (soonest
        deadline first), then those that depend on missing facts or
        assessments, and the questions to ask next.

        OPTIONS:
        \(optionsHelp(options))
        EXIT STATUS: 0 success, 1 bad profile or rules, 2 bad usage or an unreadable profile.

        """
    }

    static func run(_ args: [String]) throws(ToolError) {
        let a = try parseArguments(args, specs: options, command: "match")
        if a.flag("--help") { try Terminal.write(help); return }
        let lang = try language(a)
        let format = try choice(a.value("--format"), option: "--format", allowed: ["text", "json"], default: "text")
        let path = try profilePath(a, command: "match")
        if let extra = a.positional.first { throw ToolError(.usageUnexpectedArgument, "unexpected argument '\(extra)'", command: "match") }
        let today = try parseDate(a.value("--date"))
        let s = try loadRules(a, date: today)
        let profile = try readProfile(path, s, date: today)
        let report = s.match(profile, date: today)
        if format == "json" {
            try Terminal.write(JSONReport(rules: s.rules, language: lang).render(report) + "\n")
        } else {
            try Terminal.write(TextReport(rules: s.rules, language: lang, color: Terminal.useColor(1), showIneligible: a.flag("--all")).render(report))
        }
    }
}
