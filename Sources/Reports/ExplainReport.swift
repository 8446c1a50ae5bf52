import Matcher
import RulesDSL

/// `matchctl explain`: one offer's whole evaluation as a tree, with the
/// citizen's values, each condition's outcome and where it is written.
/// Texts from the rules and the profile are shown with their control
/// characters escaped.
public struct ExplainReport {
    package let rules: RuleSet
    package let sources: SourceManager
    package let language: Language
    package var color: Bool
    let words: Wording

    /// A report for `rules` (read from `sources`) in `language`.
    public init(rules: RuleSet, sources: SourceManager, language: Language, color: Bool) {
        self.rules = rules
        self.sources = sources
        self.language = language
        self.color = color
        self.words = Wording(rules: rules, language: language)
    }

    var da: Bool { language == .da }

    func paint(_ t: String, _ c: String) -> String { color ? "\u{1B}[\(c)m\(t)\u{1B}[0m" : t }

    func mark(_ t: Truth) -> String {
        switch t {
        case .yes: return paint("✓", "32")
        case .no: return paint("✗", "31")
        case .unknown: return paint("?", "33")
        }
    }

    /// The explanation of `result` (offer `result.offer`) as of `date`.
    public func render(_ result: OfferResult, tree: [ExplanationNode], date: Day) -> String {
        let offer = rules.offers[result.offer]
        let id = offer.id
        var out = paint("\(offer.title.text(language) ?? id) [\(id)]".escapingControls, "1") + "\n"
        let statusText: [Status: String] = da ? [.eligible: "berettiget", .ineligible: "ikke berettiget", .undetermined: "uafklaret"]
                                                : [.eligible: "eligible", .ineligible: "ineligible", .undetermined: "undetermined"]
        out += (da ? "Afgørelse pr. \(date): " : "Decision as of \(date): ") + paint(statusText[result.status]!, "1") + "\n"
        for src in offer.sources {
            out += ((da ? "Kilde: " : "Source: ") + src.file + (src.section.map { ", \($0)" } ?? "")).escapingControls + "\n"
            if let q = src.quote { out += "  “\(q.escapingControls)”\n" }
        }
        out += "\n"
        // A named condition is expanded where it is first shown; a later use
        // (for the same list element) refers back to it, so a condition used
        // twice at each of 28 levels prints 28 expansions, not 2^28 lines.
        var expanded: Set<[Int]> = []
        func render(_ n: ExplanationNode, _ depth: Int, _ elements: [Int]) {
            let pad = String(repeating: "  ", count: depth)
            var again = false
            if case .named(let c) = n.subject, !n.children.isEmpty {
                again = !expanded.insert(elements + [c]).inserted
            }
            let vals = words.values(n).map { "\($0.label): \($0.value)" }.joined(separator: ", ").escapingControls
            let note = again ? (da ? "  (se ovenfor)" : "  (see above)") : ""
            out += "\(pad)\(mark(n.outcome)) \(words.node(n).escapingControls)\(vals.isEmpty ? "" : "  [\(vals)]")\(note)  \(paint(position(n.range, in: sources), "2"))\n"
            guard !again else { return }
            var inner = elements
            // An element is told apart by its number and where its list is read.
            if case .element(let k) = n.subject { inner += [-k, Int(n.range.file), n.range.start] }
            for c in n.children { render(c, depth + 1, inner) }
        }
        for n in tree { render(n, 0, []) }
        if !result.missing.isEmpty {
            // The label, then the name a profile uses for it.
            let items = result.missing.map { m -> String in
                let label = rules.label(of: m.name, assessment: m.isAssessment, language)
                let tag = m.isAssessment ? (da ? ", faglig vurdering" : ", assessment") : ""
                return "\(label ?? m.name) (\(m.path)\(tag))"
            }
            out += "\n" + (da ? "Mangler: " : "Missing: ") + items.joined(separator: ", ").escapingControls + "\n"
        }
        for d in result.deadlines {
            out += "\(words.deadline(d).escapingControls): \(d.due?.description ?? (da ? "kan ikke beregnes" : "cannot be computed"))\(d.passed ? (da ? " (overskredet)" : " (passed)") : "")\n"
        }
        if let w = result.window {
            out += (da ? "Berettiget: " : "Eligible: ") + "\(w.from?.description ?? "…") – \(w.until?.description ?? "…")\n"
        }
        if let e = result.eligibleFrom { out += (da ? "Bliver berettiget: " : "Becomes eligible: ") + e.description + "\n" }
        return out
    }
}

/// `file:line:col` of a range (the path's control characters escaped).
func position(_ r: SourceRange, in sources: SourceManager) -> String {
    guard let f = sources.file(r.file) else { return "<unknown>" }
    let l = f.location(of: r.start)
    return "\(f.path.escapingControls):\(l.line):\(l.column)"
}
