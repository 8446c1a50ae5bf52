import Foundation
import MatchService
import Matcher
import Reports
import Profiles
import Screening
import RulesDSL

enum OffersCommand {
    static let options = ruleOptions + [
        OptionSpec(name: "--municipality", value: "M", help: "Only offers of this municipality (or 'national')"),
        OptionSpec(name: "--lang", value: "da|en", help: "Language of the text output (default: da)"),
        OptionSpec(name: "--format", value: "text|json|markdown", help: "text (default), json, or markdown (the catalogue for people)"),
        OptionSpec(name: "--help", value: nil, help: "Show this help"),
    ]

    static var help: String {
        """
        USAGE: matchctl offers [options]

        Lists the catalogue of offers: id, names, municipality, theme, validity,
        review date, capacity, partner and sources. With --date, marks offers
        that are not valid on that date.

        OPTIONS:
        \(optionsHelp(options))
        EXIT STATUS: 0 success, 1 the rules have errors, 2 bad usage.

        """
    }

    static func run(_ args: [String]) throws(ToolError) {
        let a = try parseArguments(args, specs: options, command: "offers")
        if a.flag("--help") { try Terminal.write(help); return }
        let lang = try language(a)
        let format = try choice(a.value("--format"), option: "--format", allowed: ["text", "json", "markdown"], default: "text")
        if let extra = a.positional.first { throw ToolError(.usageUnexpectedArgument, "unexpected argument '\(extra)'", command: "offers") }
        let today = try parseDate(a.value("--date"))
        let s = try loadRules(a, date: today)
        var offers = s.rules.offers
        if let m = a.value("--municipality") {
            let known = Set(s.rules.offers.map { $0.municipality ?? "national" })
            guard known.contains(m) else {
                var msg = "--municipality must be one of \(known.sorted().joined(separator: ", ")), not '\(m)'"
                if let sug = Suggest.closest(to: m, in: known) { msg += "; did you mean '\(sug)'?" }
                throw ToolError(.usageBadValue, msg, command: "offers")
            }
            offers = offers.filter { ($0.municipality ?? "national") == m }
        }
        let catalogue = Catalogue(rules: s.rules, date: a.value("--date") != nil ? today : nil)
        switch format {
        case "json": try Terminal.write(catalogue.json(offers) + "\n")
        case "markdown": try Terminal.write(catalogue.markdown(offers))
        default: try Terminal.write(catalogue.text(offers, language: lang))
        }
    }
}
