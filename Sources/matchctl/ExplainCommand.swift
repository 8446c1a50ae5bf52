import Foundation
import MatchService
import Matcher
import Profiles
import Screening
import Reports
import RulesDSL

enum ExplainCommand {
    static let options = ruleOptions + [
        OptionSpec(name: "--profile", value: "FILE", help: "The citizen's profile (JSON); '-' reads standard input"),
        OptionSpec(name: "--member", value: "ID", help: "Explain the offer for this member of the case (default: the case holder)"),
        OptionSpec(name: "--lang", value: "da|en", help: "Language of the output (default: da)"),
        OptionSpec(name: "--help", value: nil, help: "Show this help"),
    ]

    static var help: String {
        """
        USAGE: matchctl explain OFFER --profile FILE [--member ID] [options]

        Shows the whole evaluation of one offer as a tree: every condition with
        the citizen's values and its outcome, and the source citations. For a
        family, --member names the member (as 'match' shows it: T-9001/child-1).

        OPTIONS:
        \(optionsHelp(options))
        EXIT STATUS: 0 success, 1 bad profile or rules, 2 bad usage, an unknown offer or
        member, or an unreadable profile.

        """
    }

    static func run(_ args: [String]) throws(ToolError) {
        let a = try parseArguments(args, specs: options, command: "explain")
        if a.flag("--help") { try Terminal.write(help); return }
        let lang = try language(a)
        guard a.positional.count == 1 else {
            throw a.positional.isEmpty
                ? ToolError(.usageMissingArgument, "missing the offer to explain (matchctl explain OFFER --profile FILE)", command: "explain")
                : ToolError(.usageUnexpectedArgument, "explain takes one offer, not \(a.positional.count)", command: "explain")
        }
        let path = try profilePath(a, command: "explain")
        let today = try parseDate(a.value("--date"))
        let s = try loadRules(a, date: today)
        let id = a.positional[0]
        let oi: Int
        do { oi = try s.offer(id) } catch {
            var e = error
            e.message += " ('matchctl offers' lists them)"
            throw e
        }
        var profile = try readProfile(path, s, date: today)
        var heading: String?
        if let id = a.value("--member") {
            let m = try s.member(id, of: profile)
            profile = m.profile
            heading = Wording(rules: s.rules, language: lang).member(m, on: today) + " [\(m.id)]"
        }
        let (result, tree) = s.explain(offer: oi, profile: profile, date: today)
        let out = ExplainReport(rules: s.rules, sources: s.sources, language: lang, color: Terminal.useColor(1)).render(result, tree: tree, date: today)
        try Terminal.write((heading.map { $0.escapingControls + "\n" } ?? "") + out)
    }
}
