import Matcher
import RulesDSL

/// The caseworker's view of match results: readable in 80 columns, Danish
/// by default, colour only when asked for. Every text from the rules or the
/// profile is shown with its control characters escaped (`wrap` escapes
/// what it wraps), so that no value forges a line or sends the terminal a
/// command.
public struct TextReport {
    package let rules: RuleSet
    package let language: Language
    package var color: Bool
    package var showIneligible: Bool
    package var width = 80

    let words: Wording

    /// A report for `rules` in `language`; `color` paints marks and headings.
    public init(rules: RuleSet, language: Language, color: Bool, showIneligible: Bool) {
        self.rules = rules
        self.language = language
        self.words = Wording(rules: rules, language: language)
        self.color = color
        self.showIneligible = showIneligible
    }

    var da: Bool { language == .da }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    /// Wraps `text` (its control characters escaped, unless it is already:
    /// `escaped`) to the width, indenting continuation lines; `first` is the
    /// report's own (a mark, a heading).
    func wrap(_ text: String, indent: Int, first: String = "", escaped: Bool = false) -> String {
        let text = escaped ? text : text.escapingControls
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = pad + first
        var lineLen = indent + first.count
        let minLen = indent + first.count
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineLen + word.count + 1 > width, lineLen > minLen {
                lines.append(line)
                line = pad + String(repeating: " ", count: first.count) + word
                lineLen = indent + first.count + word.count
            } else {
                if lineLen > minLen { line += " "; lineLen += 1 }
                line += word
                lineLen += word.count
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The heading of each status's group, in reading order.
    var statusTitles: [(Status, String)] {
        [
            (.eligible, da ? "KAN TILBYDES" : "CAN BE OFFERED"),
            (.undetermined, da ? "AFHÆNGER AF OPLYSNINGER ELLER VURDERINGER" : "DEPENDS ON INFORMATION OR ASSESSMENTS"),
            (.ineligible, da ? "KAN IKKE TILBYDES" : "CANNOT BE OFFERED"),
        ]
    }

    func mark(_ t: Truth) -> String {
        switch t {
        case .yes: return paint("✓", "32")
        case .no: return paint("✗", "31")
        case .unknown: return paint("?", "33")
        }
    }

    /// The whole report: the offers grouped by status, then the questions to
    /// ask; for a family, per member, then the household's offers.
    public func render(_ report: MatchReport) -> String {
        if report.isFamily { return family(report) }
        var out = ""
        let who = report.profileID.map(\.escapingControls).map { da ? "Borger \($0)" : "Citizen \($0)" } ?? (da ? "Borger uden sagsnummer" : "Citizen without case reference")
        out += paint("\(who) – \(da ? "vurderet pr." : "assessed as of") \(report.date)", "1") + "\n"
        let ordered = report.ordered
        let groups = statusTitles
        for (status, title) in groups {
            let rs = ordered.filter { $0.status == status }
            if status == .ineligible && !showIneligible {
                out += "\n" + (da ? "\(rs.count) tilbud kan ikke tilbydes (vis dem med --all).\n" : "\(rs.count) offers cannot be offered (show them with --all).\n")
                continue
            }
            out += "\n" + paint("\(title) (\(rs.count))", "1") + "\n"
            if rs.isEmpty { out += da ? "  (ingen)\n" : "  (none)\n" }
            for r in rs { out += offer(r) }
        }
        if !report.questions.isEmpty {
            out += "\n" + paint(da ? "SPØRGSMÅL AT STILLE" : "QUESTIONS TO ASK", "1") + "\n"
            for (i, q) in report.questions.enumerated() {
                let n = q.offers.count
                let settles = da ? "(afgør \(n) tilbud)" : "(settles \(n) offer\(n == 1 ? "" : "s"))"
                let tag = q.isAssessment ? (da ? " [faglig vurdering]" : " [professional assessment]") : ""
                out += wrap("\(words.questionText(q))\(tag) \(settles)", indent: 2, first: "\(i + 1). ")
            }
        }
        return out
    }

    /// A family's report: each member under a heading (the holder, the
    /// partner, the children oldest first) with the offers that are for
    /// them, the household's offers, then the questions, each addressed.
    func family(_ report: MatchReport) -> String {
        var out = ""
        let who = report.profileID.map(\.escapingControls).map { da ? "Sag \($0)" : "Case \($0)" } ?? (da ? "Sag uden sagsnummer" : "Case without case reference")
        out += paint("\(who) – \(da ? "vurderet pr." : "assessed as of") \(report.date)", "1") + "\n"
        let members = report.members.map(\.member)
        for d in report.members {
            out += "\n" + paint("━ \(words.member(d.member, on: report.date)) [\(d.member.id.escapingControls)]", "1") + "\n"
            out += groups(MatchReport.ordered(d.results))
        }
        if !report.household.isEmpty {
            out += "\n" + paint(da ? "━ Husstanden" : "━ The household", "1") + "\n"
            out += groups(MatchReport.ordered(report.household), members: members, date: report.date)
        }
        if !report.questions.isEmpty {
            out += "\n" + paint(da ? "SPØRGSMÅL AT STILLE" : "QUESTIONS TO ASK", "1") + "\n"
            for (i, q) in report.questions.enumerated() {
                let n = q.decisions.count
                let settles = da ? "(afgør \(n) \(n == 1 ? "afgørelse" : "afgørelser"))" : "(settles \(n) decision\(n == 1 ? "" : "s"))"
                let tag = q.isAssessment ? (da ? " [faglig vurdering]" : " [professional assessment]") : ""
                let urgent = q.forDeadline ? (da ? " [frist]" : " [deadline]") : ""
                let whom = q.memberIndex.map { words.member(members[$0], on: report.date) + ": " } ?? ""
                out += wrap("\(whom)\(words.questionText(q))\(tag)\(urgent) \(settles)", indent: 2, first: "\(i + 1). ")
            }
        }
        return out
    }

    /// One member's (or the household's) offers by status. Offers the
    /// member is outside the target group of are left out, even
    /// with `--all`: they are not for this person.
    func groups(_ ordered: [OfferResult], members: [Member] = [], date: Day? = nil) -> String {
        var out = ""
        let shown = ordered.filter { !$0.outsideTarget }
        let titles = statusTitles
        for (status, title) in titles {
            let rs = shown.filter { $0.status == status }
            if rs.isEmpty { continue }
            if status == .ineligible && !showIneligible {
                out += da ? "  \(rs.count) tilbud kan ikke tilbydes (vis dem med --all).\n" : "  \(rs.count) offer\(rs.count == 1 ? "" : "s") cannot be offered (show them with --all).\n"
                continue
            }
            out += paint("\(title) (\(rs.count))", "1") + "\n"
            for r in rs { out += offer(r, members: members, date: date) }
        }
        if shown.isEmpty { out += da ? "  (ingen tilbud for denne person)\n" : "  (no offers for this person)\n" }
        return out
    }

    func offer(_ r: OfferResult, members: [Member] = [], date: Day? = nil) -> String {
        let o = rules.offers[r.offer]
        var out = ""
        let name = (o.title.text(language) ?? o.id).escapingControls
        let sym = r.status == .eligible ? mark(.yes) : (r.status == .undetermined ? mark(.unknown) : mark(.no))
        out += wrap("\(paint(name, "1")) [\(o.id.escapingControls)]", indent: 2, first: "\(sym) ", escaped: true)
        let ind = 6
        for d in r.deadlines {
            if let due = d.due {
                let passed = d.passed ? paint(da ? " – OVERSKREDET" : " – PASSED", "1;31") : ""
                var s = "\(words.deadline(d)): \(due)\(passed)"
                if let e = d.earliest { s += da ? " (tidligst \(e))" : " (not before \(e))" }
                out += wrap(s, indent: ind)
            } else {
                out += wrap("\(words.deadline(d)): \(da ? "kan ikke beregnes endnu" : "cannot be computed yet")", indent: ind)
            }
        }
        if let w = r.window, w.until != nil {
            let from = w.from.map { (da ? "fra " : "from ") + $0.description } ?? ""
            let until = w.until.map { (da ? "til og med " : "until ") + $0.description } ?? ""
            out += wrap((da ? "Berettiget " : "Eligible ") + [from, until].filter { !$0.isEmpty }.joined(separator: " "), indent: ind)
        }
        if let e = r.eligibleFrom {
            out += wrap(da ? "Bliver berettiget fra \(e), hvis intet andet ændrer sig" : "Becomes eligible on \(e) if nothing else changes", indent: ind)
        }
        if r.status != .ineligible {
            for p in o.partners {
                let pi = rules.partners[p]
                let places = pi.places.map { da ? ", \($0) pladser" : ", \($0) places" } ?? ""
                out += wrap((da ? "Partner: " : "Partner: ") + pi.name + places, indent: ind)
            }
            if let h = o.hours {
                let range = h.hi.map { "\(h.lo)–\($0)" } ?? "\(h.lo)"
                out += wrap(da ? "Timer: \(range) om ugen" : "Hours: \(range) a week", indent: ind)
            }
            if let d = o.duration {
                var s = da ? "Varighed: \(d.danish)" : "Duration: \(d)"
                if let e = o.extendableTo { s += da ? ", kan forlænges til \(e.danish)" : ", extendable to \(e)" }
                out += wrap(s, indent: ind)
            }
            if let c = o.capacity { out += wrap(da ? "Kapacitet: \(c) borgere" : "Capacity: \(c) citizens", indent: ind) }
            for d in r.details {
                let waits = d.waitsFor.map { rules.label(of: $0, assessment: false, language) ?? rules.label(of: $0, assessment: true, language) ?? $0 }
                var v = words.detailText(d) ?? ((da ? "afhænger af: " : "depends on: ") + waits.joined(separator: ", "))
                // A family's children by name of role and age, not by number.
                if let date, let listed = d.listed, !members.isEmpty {
                    let children = listed.filter { !$0.pending }.compactMap { l in members.first { $0.role == .child && $0.number == l.number } }
                    if !children.isEmpty { v = children.map { words.member($0, on: date) }.joined(separator: "; ") }
                }
                out += wrap("\(words.detailLabel(d)): \(v)", indent: ind)
            }
            if let l = r.ladder {
                let rec = l.recommended.flatMap { id in l.steps.first { $0.id == id }.map(words.step) } ?? (da ? "afventer vurdering" : "awaits assessment")
                out += wrap((da ? "Anbefalet trin: " : "Recommended step: ") + rec, indent: ind)
            }
        }
        switch r.status {
        case .eligible:
            let why = r.reasons.filter { $0.kind == .target || $0.kind == .condition || $0.kind == .assessment }.map(reasonText).joined(separator: "; ")
            if !why.isEmpty { out += wrap(why, indent: ind, first: da ? "Fordi: " : "Because: ") }
        case .undetermined:
            let miss = r.missing.map { m -> String in
                let label = rules.label(of: m.name, assessment: m.isAssessment, language)
                let tag = m.isAssessment ? (da ? " (faglig vurdering)" : " (professional assessment)") : ""
                return (label ?? m.name) + tag
            }
            out += wrap(miss.joined(separator: ", "), indent: ind, first: da ? "Mangler: " : "Missing: ")
        case .ineligible:
            let why = r.reasons.filter { $0.outcome == .no }.map(reasonText).joined(separator: "; ")
            out += wrap(why, indent: ind, first: da ? "Fordi ikke: " : "Because not: ")
        }
        if let s = o.sources.first {
            out += wrap(s.file + (s.section.map { ", \($0)" } ?? ""), indent: ind, first: da ? "Kilde: " : "Source: ")
        }
        return out
    }

    func reasonText(_ r: Reason) -> String {
        let text = words.reason(r.subject)
        let vals = r.values.map(words.pair).filter { !redundant($0, in: text) }.map { "\($0.label.lowercased()): \($0.value)" }
        return vals.isEmpty ? text : "\(text) (\(vals.joined(separator: ", ")))"
    }

    /// Whether a value adds nothing to the condition's own text.
    func redundant(_ v: (label: String, value: String), in reasonText: String) -> Bool {
        let text = reasonText.lowercased(), label = v.label.lowercased(), value = v.value.lowercased()
        if text == label { return true }                              // `Foreningsaktiv` (ja)
        if text.contains("\(label): \(value)") { return true }        // `Køn: kvinde`
        if text == (da ? "ikke " : "not ") + label, value == (da ? "nej" : "no") { return true }
        if text.hasSuffix(label), value == (da ? "ja" : "yes") { return true }  // `Vurdering: Behov for …` (ja)
        // A named condition in the text, and whether it holds: the mark and the heading say so.
        if text.contains(label), [words.truth(.yes), words.truth(.no)].contains(value) { return true }
        return false
    }
}
