import Matcher
import RulesDSL

/// The stable JSON form of match results (documented in the README).
public struct JSONReport {
    package let rules: RuleSet
    package let language: Language

    let words: Wording

    /// JSON for `rules`, with texts in `language`.
    public init(rules: RuleSet, language: Language) {
        self.rules = rules
        self.language = language
        self.words = Wording(rules: rules, language: language)
    }

    static func outcome(_ t: Truth) -> String {
        switch t {
        case .yes: return "met"
        case .no: return "not_met"
        case .unknown: return "unknown"
        }
    }

    /// The whole report as one JSON object: the results in reading order, then the questions.
    public func render(_ report: MatchReport) -> String {
        let o = JSONWriter()
        o.object {
            o.field("contract", JSONReport.contract)
            o.field("date", report.date.description)
            o.field("profile", report.profileID)
            o.field("language", language.rawValue)
            o.field("matchctl_version", report.toolVersion)
            o.field("rules_version", report.rulesVersion)
            o.fieldArray("results") {
                for r in report.ordered { o.element { result(o, r) } }
            }
            o.fieldArray("members") {
                for d in report.members {
                    o.element {
                        o.object {
                            member(o, d.member, report.date)
                            o.fieldArray("results") {
                                for r in MatchReport.ordered(d.results) where !r.outsideTarget { o.element { result(o, r) } }
                            }
                            o.fieldArray("not_for") {
                                for r in d.results where r.outsideTarget { o.element(rules.offers[r.offer].id) }
                            }
                        }
                    }
                }
            }
            o.fieldArray("household") {
                for r in MatchReport.ordered(report.household) {
                    o.element { result(o, r, children: report.members.map(\.member)) }
                }
            }
            o.fieldArray("questions") {
                for q in report.questions {
                    o.element {
                        o.object {
                            o.field(q.isAssessment ? "assessment" : "fact", q.name)
                            o.field("is_assessment", q.isAssessment)
                            o.field("member", q.member)
                            o.field("label", words.questionLabel(q))
                            o.field("question", words.questionText(q))
                            o.field("settles", q.decisions.count)
                            o.field("for_deadline", q.forDeadline)
                            o.fieldArray("offers") { for id in q.offers { o.element(id) } }
                        }
                    }
                }
            }
        }
        return o.output
    }

    /// The version of this JSON shape; raised when a key changes meaning or
    /// goes away (2: families — `members`, `household`, a question's `member`).
    public static let contract = 2

    /// A member's keys: `id`, `role`, `child` (its number as written), `born`, `age`.
    func member(_ o: JSONWriter, _ m: Member, _ date: Day) {
        o.field("id", m.id)
        o.field("role", m.role.rawValue)
        if m.role == .child { o.field("child", m.number) }
        o.field("born", m.born?.description)
        if let age = m.born?.completedYears(to: date), age >= 0 { o.field("age", age) } else { o.field("age", nil as String?) }
        o.field("heading", words.member(m, on: date))
    }

    package func result(_ o: JSONWriter, _ r: OfferResult, children: [Member] = []) {
        let offer = rules.offers[r.offer]
        o.object {
            o.field("offer", offer.id)
            if !children.isEmpty {
                // A household offer: the children its `lists` details name, by member id.
                let listed = r.details.flatMap { $0.numbers }
                o.fieldArray("children") {
                    for m in children where m.role == .child && listed.contains(m.number) { o.element(m.id) }
                }
            }
            o.field("name", offer.title.text(language) ?? offer.id)
            o.field("municipality", offer.municipality ?? "national")
            o.field("theme", offer.theme)
            o.field("status", r.status.rawValue)
            o.fieldArray("reasons") {
                for reason in r.reasons {
                    o.element {
                        o.object {
                            o.field("kind", reason.kind.rawValue)
                            o.field("condition", words.reason(reason.subject))
                            o.field("outcome", JSONReport.outcome(reason.outcome))
                            o.fieldArray("values") {
                                for value in reason.values {
                                    let v = words.pair(value)
                                    o.element {
                                        o.object {
                                            o.field("label", v.label)
                                            o.field("value", v.value)
                                            if value.inherited { o.field("from_household", true) }
                                        }
                                    }
                                }
                            }
                            o.fieldArray("facts") { for f in reason.facts { o.element(f) } }
                            if let s = offer.sources.first { o.fieldObject("source") { o.citationFields(s) } }
                        }
                    }
                }
            }
            o.fieldArray("missing") {
                for m in r.missing {
                    o.element {
                        o.object {
                            o.field("name", m.name)
                            o.field("path", m.path)
                            o.field("assessment", m.isAssessment)
                        }
                    }
                }
            }
            if let d = r.deadlines.first, let due = d.due {
                o.field("deadline", due.description)
                o.field("deadline_passed", d.passed)
            }
            if !r.deadlines.isEmpty {
                o.fieldArray("deadlines") {
                    for d in r.deadlines {
                        o.element {
                            o.object {
                                o.field("label", words.deadline(d))
                                o.field("due", d.due?.description)
                                if let e = d.earliest { o.field("earliest", e.description) }
                                o.field("passed", d.passed)
                            }
                        }
                    }
                }
            }
            if let w = r.window {
                o.fieldObject("window") {
                    o.field("from", w.from?.description)
                    o.field("until", w.until?.description)
                }
            }
            if let e = r.eligibleFrom { o.field("eligible_from", e.description) }
            if r.status != .ineligible { details(o, offer, r) }
            o.fieldArray("sources") { for s in offer.sources { o.element { o.object { o.citationFields(s) } } } }
        }
    }

    func details(_ o: JSONWriter, _ offer: Offer, _ r: OfferResult) {
        o.fieldObject("details") {
            if let p = offer.provider { o.field("provider", p) }
            if !offer.partners.isEmpty {
                o.fieldArray("partners") {
                    for pi in offer.partners {
                        let p = rules.partners[pi]
                        o.element {
                            o.object {
                                o.field("id", p.id)
                                o.field("name", p.name)
                                o.field("municipality", p.municipality)
                                if let places = p.places { o.field("places", places) }
                            }
                        }
                    }
                }
            }
            if let c = offer.capacity { o.field("capacity", c) }
            if let h = offer.hours {
                o.fieldObject("hours_per_week") { o.field("min", h.lo); if let hi = h.hi { o.field("max", hi) } }
            }
            if let d = offer.duration {
                o.fieldObject("duration") {
                    o.field("length", d.description)
                    if let e = offer.extendableTo { o.field("extendable_to", e.description) }
                }
            }
            for d in r.details {
                o.fieldObject(d.name) {
                    o.field("label", words.detailLabel(d))
                    o.field("value", words.detailText(d))
                    let elements = words.elements(d)
                    if !elements.isEmpty { o.fieldArray("elements") { for e in elements { o.element(e) } } }
                    if !d.waitsFor.isEmpty { o.fieldArray("waits_for") { for w in d.waitsFor { o.element(w) } } }
                }
            }
            if let l = r.ladder {
                o.fieldObject("ladder") {
                    o.field("recommended", l.recommended)
                    o.fieldArray("steps") {
                        for s in l.steps {
                            o.element {
                                o.object {
                                    o.field("step", s.id)
                                    o.field("name", words.step(s))
                                    o.field("applies", JSONReport.outcome(s.applies))
                                    o.field("note", words.note(s.note))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension JSONWriter {
    /// A source citation's fields, as every JSON output writes them.
    func citationFields(_ s: SourceCitation) {
        field("file", s.file)
        field("section", s.section)
        field("quote", s.quote)
    }
}
