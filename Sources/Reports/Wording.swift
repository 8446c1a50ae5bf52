import Matcher
import RulesDSL

/// The one place where decisions become words: values, reasons, the nodes of
/// an explanation, details, ladder notes and questions, in Danish or English.
/// Conditions themselves are worded by `ConditionText`.
public struct Wording: Sendable {
    package let rules: RuleSet
    package let language: Language
    package let conditions: ConditionText

    /// Words for `rules` in `language`.
    public init(rules: RuleSet, language: Language) {
        self.rules = rules
        self.language = language
        self.conditions = ConditionText(rules: rules, language: language)
    }

    var da: Bool { language == .da }

    func label(_ t: LocalizedText) -> String { t.text(language) ?? "" }

    // MARK: Values

    /// A value as a caseworker reads it: `ja`, `2014-09-02`, `flygtning`, `"Hedeboparken"`.
    public func value(_ v: ShownValue) -> String {
        switch v {
        case .unknown: return da ? "ukendt" : "unknown"
        case .noValue: return da ? "ingen værdi" : "no value"
        case .notApplicable: return da ? "gælder ikke for personen" : "does not apply to the person"
        case .bool(let b): return conditions.yes(b)
        case .int(let n), .raw(let n): return String(n)
        case .date(let d): return d.description
        case .enumValue(let t, let i): return rules.enums[t].label(i, language)
        case .text(let s): return "\"\(s)\""
        case .otherText: return da ? "anden tekst" : "other text"
        case .invalid: return "?"
        case .count(let n): return da ? "\(n) stk." : "\(n)"
        case .notAssessed: return da ? "ikke vurderet" : "not assessed"
        case .truth(let t): return t.map(truth) ?? "–"
        }
    }

    /// The label of what a value belongs to: `Alder`, `Barnets fødselsdato`.
    public func label(_ s: ValueSubject) -> String {
        switch s {
        case .fact(let i): return label(rules.facts[i].label)
        case .assessment(let a): return label(rules.assessments[a].label)
        case .derived(let i): return label(rules.derived[i].label)
        case .recordDerived(let r, let i): return label(rules.records[r].derived[i].label)
        case .condition(let i): return label(rules.conditions[i].label)
        case .field(let r, let f): return label(rules.records[r].fields[f].label)
        case .evaluationDate: return da ? "Dato" : "Date"
        }
    }

    /// A value as `(label, value)`, for text and JSON alike.
    public func pair(_ v: ReadValue) -> (label: String, value: String) {
        (label(v.subject), value(v.value) + (v.inherited ? " (\(fromHousehold))" : ""))
    }

    /// A named condition's outcome: `opfyldt`, `ikke opfyldt`, `ukendt`.
    public func truth(_ t: Truth) -> String {
        switch t {
        case .yes: return da ? "opfyldt" : "met"
        case .no: return da ? "ikke opfyldt" : "not met"
        case .unknown: return da ? "ukendt" : "unknown"
        }
    }

    // MARK: Reasons and explanations

    /// A reason as one line: `Alder 6–17 år`, `Gyldig 2021-01-01 – …`.
    public func reason(_ r: Reason) -> String { reason(r.subject) }

    package func reason(_ s: Reason.Subject) -> String {
        switch s {
        case .planned(let o):
            let t = da ? "Tilbuddet er under etablering og har endnu ingen startdato" : "The offer is being set up and has no start date yet"
            let note = rules.offers[o].planned ?? ""
            return note.isEmpty ? t : "\(t) (\(note))"
        case .validity(let o):
            let offer = rules.offers[o]
            let from = offer.validFrom.map(\.description) ?? "…", to = offer.validTo.map(\.description) ?? "…"
            return da ? "Gyldig \(from) – \(to)" : "Valid \(from) – \(to)"
        case .municipality(let o):
            guard let m = rules.offers[o].municipality, let mf = rules.municipalityFact else { return "" }
            return "\(label(rules.facts[mf].label)): \(rules.municipalityLabel(m, language))"
        case .condition(let e):
            return conditions.text(e)
        case .assessment(let a):
            return (da ? "Vurdering: " : "Assessment: ") + label(rules.assessments[a].label)
        }
    }

    /// A node of an explanation tree as one line.
    public func node(_ n: ExplanationNode) -> String {
        switch n.subject {
        case .reason(let r): return reason(r)
        case .condition(let e): return conditions.text(e)
        case .allOf: return da ? "alle disse:" : "all of these:"
        case .anyOf: return da ? "mindst én af disse:" : "at least one of these:"
        case .named(let c): return label(rules.conditions[c].label)
        case .not: return da ? "ikke:" : "not:"
        case .element(let k): return (da ? "nr. " : "no. ") + "\(k)"
        }
    }

    /// A node's values as `(label, value)`, each label once.
    public func values(_ n: ExplanationNode) -> [(label: String, value: String)] {
        var out: [(label: String, value: String)] = []
        for v in n.values.map(pair) where !out.contains(where: { $0.label == v.label }) { out.append(v) }
        return out
    }

    // MARK: Results

    /// A deadline's label: `Virksomhedsrettet indsats senest`.
    public func deadline(_ d: DeadlineResult) -> String { label(d.label) }

    /// A detail's label.
    public func detailLabel(_ d: DetailResult) -> String { label(d.label) }

    /// The elements a `lists` detail names: `Nr. 1 (født 2014-09-02)`.
    public func elements(_ d: DetailResult) -> [String] {
        (d.listed ?? []).map { e in
            var desc = da ? "Nr. \(e.number)" : "No. \(e.number)"
            if let b = e.born { desc += da ? " (født \(b))" : " (born \(b))" }
            if e.pending { desc += da ? " – afventer oplysninger" : " – information missing" }
            return desc
        }
    }

    /// A detail's value, or nil when it waits for facts.
    public func detailText(_ d: DetailResult) -> String? {
        if let c = d.chosen { return label(c) }
        guard d.listed != nil else { return nil }
        let e = elements(d)
        return e.isEmpty ? (da ? "ingen" : "none") : e.joined(separator: ", ")
    }

    /// Why a ladder step is or is not the recommendation.
    public func note(_ n: LadderResult.Note) -> String {
        switch n {
        case .awaitsAssessment: return da ? "afventer screening og individuel vurdering" : "awaits screening and individual assessment"
        case .aboveFeasible: return da ? "over det trin, der er vurderet muligt" : "above the step assessed as feasible"
        case .lowerStep: return da ? "lavere trin" : "a lower step"
        case .recommended: return da ? "højeste mulige trin: anbefales" : "highest feasible step: recommended"
        case .conditionNotMet: return da ? "trinnets betingelse er ikke opfyldt" : "the step's condition is not met"
        case .dependsOnMissing: return da ? "afhænger af manglende oplysninger" : "depends on missing information"
        }
    }

    /// A ladder step's title.
    public func step(_ s: LadderResult.StepResult) -> String { label(s.title) }

    // MARK: Questions

    /// The label of the fact or assessment a question is about.
    public func questionLabel(_ q: Question) -> String {
        rules.label(of: q.name, assessment: q.isAssessment, language) ?? q.name
    }

    /// The question as it is asked: the schema's question, else the label.
    public func questionText(_ q: Question) -> String {
        let label = questionLabel(q)
        if q.isAssessment {
            let question = rules.assessments.first { $0.name == q.name }?.question?.text(language)
            return question ?? (da ? "Vurdering: \(label)" : "Assessment: \(label)")
        }
        return rules.facts.first(where: { $0.name == q.name })?.question?.text(language) ?? label
    }

    /// A member as a caseworker names them: role, age and birth date
    /// (`Barn, 6 år (f. 2014-09-02)`, `Child, aged 6 (b. 2014-09-02)`).
    public func member(_ m: Member, on date: Day) -> String {
        let role: String
        switch m.role {
        case .holder: role = da ? "Hovedperson" : "Case holder"
        case .partner: role = da ? "Partner" : "Partner"
        case .child: role = da ? "Barn" : "Child"
        }
        guard let born = m.born else { return role + (da ? ", alder ukendt" : ", age unknown") }
        guard let age = born.completedYears(to: date), age >= 0 else {
            return role + (da ? " (f. \(born))" : " (b. \(born))")
        }
        return da ? "\(role), \(age) år (f. \(born))" : "\(role), aged \(age) (b. \(born))"
    }

    /// How a value taken over from the case holder is marked (`inherited`).
    public var fromHousehold: String { da ? "fra husstanden" : "from the household" }
}
