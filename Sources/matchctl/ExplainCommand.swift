import Foundation
import MatchService
import Matcher
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
        EXIT STATUS: 0 success, 1 bad profile or rules, 2 bad usage, an unknown offer or an
        unreadable profile.

        """
    }

    static func run(_ args: [String]) throws(ToolError) {
        let a = try parseArguments(args, specs: options, command: "explain")
        if a.flag("--help") { Terminal.write(help); return }
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
        let profile = try readProfile(path, s, date: today)
        let (result, tree) = s.explain(offer: oi, profile: profile, date: today, language: lang)
        let da = lang == .da
        let color = Terminal.useColor(1)
        func paint(_ t: String, _ c: String) -> String { color ? "\u{1B}[\(c)m\(t)\u{1B}[0m" : t }
        func mark(_ t: Truth) -> String {
            switch t {
            case .yes: return paint("✓", "32")
            case .no: return paint("✗", "31")
            case .unknown: return paint("?", "33")
            }
        }
        let offer = s.rules.offers[oi]
        var out = paint("\(offer.title.text(lang) ?? id) [\(id)]", "1") + "\n"
        let statusText: [Status: String] = da ? [.eligible: "berettiget", .ineligible: "ikke berettiget", .undetermined: "uafklaret"]
                                                : [.eligible: "eligible", .ineligible: "ineligible", .undetermined: "undetermined"]
        out += (da ? "Afgørelse pr. \(today): " : "Decision as of \(today): ") + paint(statusText[result.status]!, "1") + "\n"
        for src in offer.sources {
            out += (da ? "Kilde: " : "Source: ") + src.file + (src.section.map { ", \($0)" } ?? "") + "\n"
            if let q = src.quote { out += "  “\(q)”\n" }
        }
        out += "\n"
        func render(_ n: ExplanationNode, _ depth: Int) {
            let pad = String(repeating: "  ", count: depth)
            let vals = n.values.map { "\($0.label): \($0.value)" }.joined(separator: ", ")
            out += "\(pad)\(mark(n.outcome)) \(n.text)\(vals.isEmpty ? "" : "  [\(vals)]")  \(paint(position(n.range, s.sources), "2"))\n"
            for c in n.children { render(c, depth + 1) }
        }
        for n in tree { render(n, 0) }
        if !result.missing.isEmpty {
            // The label, then the name a profile uses for it.
            let items = result.missing.map { m -> String in
                let label = s.rules.label(of: m.name, assessment: m.isAssessment, lang)
                let tag = m.isAssessment ? (da ? ", faglig vurdering" : ", assessment") : ""
                return "\(label ?? m.name) (\(m.path)\(tag))"
            }
            out += "\n" + (da ? "Mangler: " : "Missing: ") + items.joined(separator: ", ") + "\n"
        }
        for d in result.deadlines {
            out += "\(d.label): \(d.due?.description ?? (da ? "kan ikke beregnes" : "cannot be computed"))\(d.passed ? (da ? " (overskredet)" : " (passed)") : "")\n"
        }
        if let w = result.window {
            out += (da ? "Berettiget: " : "Eligible: ") + "\(w.from?.description ?? "…") – \(w.until?.description ?? "…")\n"
        }
        if let e = result.eligibleFrom { out += (da ? "Bliver berettiget: " : "Becomes eligible: ") + e.description + "\n" }
        Terminal.write(out)
    }
}
