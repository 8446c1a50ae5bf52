import Foundation
import MatchService
import Matcher
import Reports
import Profiles
import Screening
import RulesDSL

enum ExplainCommand {
    static let options = ruleOptions + [
        OptionSpec(name: "--profile", value: "FILE", help: "The citizen's profile (JSON); '-' reads standard input"),
        OptionSpec(name: "--lang", value: "da|en", help: "Language of the output (default: da)"),
        OptionSpec(name: "--help", value: nil, help: "Show this help"),
    ]

    static var help: String {
        """
        USAGE: matchctl explain OFFER --profile FILE [options]

        Shows the whole evaluation of one offer as a tree: every condition with
        the citizen's values and its outcome, and the source citations.

        OPTIONS:
        \(optionsHelp(options))
        EXIT STATUS: 0 success, 1 bad profile or rules, 2 bad usage or unknown offer.

        """
    }

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        let a = try parseArguments(args, specs: options, command: "explain")
        if a.flag("--help") { Terminal.write(help); return 0 }
        let lang = try language(a)
        guard a.positional.count == 1 else {
            throw UsageError(message: a.positional.isEmpty ? "missing the offer to explain (matchctl explain OFFER --profile FILE)" : "explain takes one offer, not \(a.positional.count)", command: "explain")
        }
        let path = try profilePath(a, command: "explain")
        guard let s = try Session.open(a, command: "explain") else { return 1 }
        let id = a.positional[0]
        guard let oi = s.rules.offerIndex(id) else {
            var msg = "unknown offer '\(id)'"
            if let sug = Suggest.closest(to: id, in: s.rules.offers.map(\.id)) { msg += "; did you mean '\(sug)'?" }
            throw UsageError(message: msg + " ('matchctl offers' lists them)", command: "explain")
        }
        guard let profile = try s.profile(path, command: "explain") else { return 1 }
        let (result, tree) = s.matcher.explain(offer: oi, profile: profile, today: s.today)
        let out = ExplainReport(rules: s.rules, sources: s.sources, language: lang, color: Terminal.useColor(1)).render(result, tree: tree, date: s.today)
        Terminal.write(out)
        return 0
    }
}
