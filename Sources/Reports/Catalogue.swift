import RulesDSL

/// The catalogue of offers, for integrators (JSON), caseworkers (text) and
/// policy staff who do not read rule files (Markdown). Texts from the rules
/// are shown with their control characters escaped (`line`), or as JSON
/// strings.
public struct Catalogue {
    package let rules: RuleSet
    /// When given, each offer says whether it is valid on this date.
    package let date: Day?

    /// A catalogue of the offers of `rules`; with a `date`, each says whether it is valid then.
    public init(rules: RuleSet, date: Day?) {
        self.rules = rules
        self.date = date
    }

    func valid(_ o: Offer, on d: Day) -> Bool {
        if o.planned != nil { return false }
        if let f = o.validFrom, d < f { return false }
        if let t = o.validTo, d > t { return false }
        return true
    }

    /// `offers` as a JSON array, one object per offer, texts in Danish and English.
    public func json(_ offers: [Offer]) -> String {
        let w = JSONWriter()
        w.array {
            for o in offers {
                w.element {
                    w.object {
                        w.field("offer", o.id)
                        w.fieldObject("name") { w.field("da", o.title.da); w.field("en", o.title.en) }
                        w.fieldObject("description") { w.field("da", o.description.da); w.field("en", o.description.en) }
                        w.field("municipality", o.municipality ?? "national")
                        w.field("theme", o.theme)
                        w.field("provider", o.provider)
                        w.field("valid_from", o.validFrom?.description)
                        w.field("valid_to", o.validTo?.description)
                        w.field("review", o.review?.description)
                        w.field("planned", o.planned != nil)
                        if let d = date { w.field("valid_on_date", valid(o, on: d)) }
                        if let c = o.capacity { w.field("capacity", c) } else { w.fieldNull("capacity") }
                        w.field("duration", o.duration?.description)
                        w.field("extendable_to", o.extendableTo?.description)
                        if let h = o.hours { w.fieldObject("hours_per_week") { w.field("min", h.lo); if let hi = h.hi { w.field("max", hi) } } }
                        w.fieldArray("requires") { for r in o.requires { w.element(rules.assessments[r.assessment].name) } }
                        w.fieldArray("partners") {
                            for p in o.partners.map({ rules.partners[$0] }) {
                                w.element { w.object { w.field("id", p.id); w.field("name", p.name); if let pl = p.places { w.field("places", pl) } } }
                            }
                        }
                        w.fieldArray("sources") {
                            for s in o.sources {
                                w.element { w.object { w.citationFields(s) } }
                            }
                        }
                    }
                }
            }
        }
        return w.output
    }

    /// One line of the text or Markdown catalogue: `text`, its control
    /// characters escaped (neither has colour or other controls of its
    /// own), and a line break.
    func line(_ text: String) -> String { text.escapingControls + "\n" }

    /// `offers` as plain text in `language`, grouped by municipality.
    public func text(_ offers: [Offer], language: Language) -> String {
        let da = language == .da
        var out = ""
        for m in municipalities(offers) {
            out += line("\(m == "national" ? (da ? "NATIONALT" : "NATIONAL") : rules.municipalityLabel(m, .da).uppercased())")
            for o in offers where (o.municipality ?? "national") == m {
                out += line("  \(o.id)  \(o.title.text(language) ?? "")")
                var facts: [String] = []
                if let t = o.theme { facts.append((da ? "tema " : "theme ") + t) }
                facts.append(validity(o, da: da))
                if let c = o.capacity { facts.append(da ? "kapacitet \(c)" : "capacity \(c)") }
                for p in o.partners { facts.append("partner \(rules.partners[p].name)") }
                if let d = date { facts.append(valid(o, on: d) ? (da ? "gyldig \(d)" : "valid on \(d)") : (da ? "ikke gyldig \(d)" : "not valid on \(d)")) }
                out += line("      " + facts.joined(separator: "; "))
                for s in o.sources { out += line("      \(da ? "kilde" : "source"): \(s.file)\(s.section.map { ", \($0)" } ?? "")") }
            }
            out += "\n"
        }
        out += line("\(offers.count) \(da ? "tilbud" : "offers")")
        return out
    }

    func municipalities(_ offers: [Offer]) -> [String] {
        var seen: [String] = []
        for o in offers where !seen.contains(o.municipality ?? "national") { seen.append(o.municipality ?? "national") }
        return seen.sorted()
    }

    func validity(_ o: Offer, da: Bool) -> String {
        if let p = o.planned { return da ? "under etablering\(p.isEmpty ? "" : " (\(p))")" : "planned\(p.isEmpty ? "" : " (\(p))")" }
        var s = (da ? "gyldig " : "valid ") + "\(o.validFrom?.description ?? "…") – \(o.validTo?.description ?? "…")"
        if let r = o.review { s += da ? ", revideres \(r)" : ", review \(r)" }
        return s
    }

    /// The whole catalogue as Markdown, target groups rendered from the
    /// conditions themselves, in Danish and English.
    public func markdown(_ offers: [Offer]) -> String {
        let daText = ConditionText(rules: rules, language: .da), enText = ConditionText(rules: rules, language: .en)
        var out = "# Tilbudskatalog / Catalogue of offers\n\n"
        out += line("Generated from `Rules/` by `matchctl offers --format markdown`; do not edit by hand.") + "\n"
        for m in municipalities(offers) {
            out += line("## \(m == "national" ? "Nationale forpligtelser / National" : rules.municipalityLabel(m, .da))") + "\n"
            for o in offers where (o.municipality ?? "national") == m {
                out += line("### \(o.title.da ?? o.id) / \(o.title.en ?? o.id) (`\(o.id)`)") + "\n"
                if let d = o.description.da { out += line(d) + "\n" }
                if let e = o.description.en { out += line("*\(e)*") + "\n" }
                out += line("- **For:** \(whom(o, daText)) / \(whom(o, enText))")
                out += line("- **Målgruppe:** \(target(o, daText))")
                out += line("- **Target group:** \(target(o, enText))")
                if !o.requires.isEmpty {
                    out += line("- **Faglig vurdering / Assessment:** " + o.requires.map { r in
                        let a = rules.assessments[r.assessment]
                        return "\(a.label.da ?? a.name) / \(a.label.en ?? a.name)"
                    }.joined(separator: "; "))
                }
                out += line("- **Gyldighed / Validity:** \(validity(o, da: true)) / \(validity(o, da: false))")
                if let p = o.provider { out += line("- **Udbyder / Provider:** \(p)") }
                for p in o.partners.map({ rules.partners[$0] }) {
                    out += line("- **Partner:** \(p.name)\(p.places.map { " (\($0) pladser / places)" } ?? "")")
                }
                if let c = o.capacity { out += line("- **Kapacitet / Capacity:** \(c)") }
                if let h = o.hours { out += line("- **Timer pr. uge / Hours a week:** \(h.lo)\(h.hi.map { "–\($0)" } ?? "")") }
                if let d = o.duration { out += line("- **Varighed / Duration:** \(d.danish)\(o.extendableTo.map { ", kan forlænges til \($0.danish)" } ?? "") / \(d)\(o.extendableTo.map { ", extendable to \($0)" } ?? "")") }
                for d in o.deadlines { out += line("- **Frist / Deadline:** \(d.label.da ?? ""): \(daText.subject(d.due))") }
                for d in o.details {
                    if case .cases(let cases) = d.kind {
                        out += line("- **\(d.label.da ?? d.name):** " + cases.map { c in
                            (c.condition.map { daText.text($0) + ": " } ?? "ellers: ") + (c.text.da ?? "")
                        }.joined(separator: "; "))
                    }
                }
                if let l = o.ladder {
                    out += line("- **Trin / Steps:** " + l.steps.enumerated().map { "\($0.offset + 1). \($0.element.title.da ?? $0.element.id)" }.joined(separator: " › "))
                }
                for s in o.sources {
                    out += line("- **Kilde / Source:** `\(s.file)`\(s.section.map { ", \($0)" } ?? "")\(s.quote.map { ": “\($0)”" } ?? "")")
                }
                out += "\n"
            }
        }
        return out
    }

    /// Whom the offer is decided for (`for`): the household, a group, everyone.
    func whom(_ o: Offer, _ t: ConditionText) -> String {
        let da = t.language == .da
        switch o.target {
        case .household: return da ? "husstanden (afgøres én gang for sagen)" : "the household (decided once for the case)"
        case .everyone: return da ? "hvert medlem af sagen" : "every member of the case"
        case .group(let e):
            if case .all(let items) = e.kind { return items.map(t.text).joined(separator: "; ") }
            return t.text(e)
        }
    }

    func target(_ o: Offer, _ t: ConditionText) -> String {
        var parts: [String] = []
        if let m = o.municipality, let mf = rules.municipalityFact { parts.append("\(t.label(rules.facts[mf].label)): \(rules.municipalityLabel(m, t.language))") }
        if let e = o.eligible {
            if case .all(let items) = e.kind { parts += items.map(t.text) } else { parts.append(t.text(e)) }
        }
        return parts.isEmpty ? (t.language == .da ? "alle" : "everyone") : parts.joined(separator: "; ")
    }
}
