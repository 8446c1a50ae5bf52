extension Checker {
    mutating func checkOffer(_ o: OfferDecl) {
        guard offerIndex[o.name.text] == -1, declaredAt[o.name.text]?.range == o.name.range else { return }
        let id = o.name.text
        if o.title?.da == nil {
            diagnostics.error("missing-name", "offer '\(id)' has no Danish name; add 'name da \"…\" en \"…\"'", at: o.name.range)
        }
        if o.sources.isEmpty {
            diagnostics.error("missing-source", "offer '\(id)' has no source citation; add 'source \"<seed file>\" section \"…\" quote \"…\"'", at: o.name.range)
        }
        var municipality: String?
        var municipalityValue: Int?
        if let m = o.municipality {
            if m.text != "national" {
                municipality = m.text
                municipalityValue = self.municipalityValue(m)
            }
        } else {
            diagnostics.error("missing-item", "offer '\(id)' has no municipality; add 'municipality <name>' or 'municipality national'", at: o.name.range)
        }
        var partners: [Int] = []
        for p in o.partners {
            if let i = partnerIndex[p.text] {
                partners.append(i)
                used.insert(p.text)
                if let pm = rules.partners[i].municipality, let m = municipality, pm != m {
                    diagnostics.warning("partner-municipality", "partner '\(p.text)' is in \(pm), but offer '\(id)' is for \(m)", at: p.range)
                }
            } else {
                unknown(p, "partner", candidates: rules.partners.map(\.id))
            }
        }
        for s in o.sources where s.file.isEmpty {
            diagnostics.error("missing-source", "a source needs the seed file's name", at: s.range)
        }
        let from = o.validFrom?.value, to = o.validTo?.value
        if let f = from, let t = to, t < f, let fr = o.validFrom?.range, let tr = o.validTo?.range {
            diagnostics.error("inverted-range", "inverted validity window: it ends (\(t)) before it starts (\(f))", at: fr.to(tr))
        }
        if let rv = o.review, let d = rv.value, d < options.today {
            diagnostics.warning("review-passed", "offer '\(id)' was due for review on \(d), which has passed (as of \(options.today))", at: rv.range)
        }
        if let f = from, let rv = o.review?.value, rv < f, let rr = o.review?.range {
            diagnostics.error("inverted-range", "review date \(rv) comes before the offer starts (\(f))", at: rr)
        }
        if let c = o.capacity, c.value < 1 {
            diagnostics.error("invalid-number", "capacity must be at least 1, not \(c.value)", at: c.range)
        }
        if let d = o.duration, let e = o.extendableTo, months(d.value) >= months(e.value) {
            diagnostics.error("inverted-range", "the extension (\(e.value)) must be longer than the duration (\(d.value))", at: e.range)
        }
        var hours: (Int, Int?)?
        if let (lo, hi) = o.hours {
            if let hi, hi.value < lo.value {
                diagnostics.error("inverted-range", "inverted range: \(lo.value) is greater than \(hi.value) hours", at: lo.range.to(hi.range))
            }
            if lo.value < 0 || lo.value > 168 || (hi?.value ?? 0) > 168 {
                diagnostics.error("invalid-number", "hours per week must be between 0 and 168", at: lo.range)
            }
            hours = (lo.value, hi?.value)
        }
        var requires: [(Int, SourceRange)] = []
        for a in o.requires {
            if let i = assessmentIndex[a.text] {
                if rules.assessments[i].enumType != nil {
                    diagnostics.error("type-mismatch", "'requires' needs a yes/no assessment, but '\(a.text)' takes values; use it in a condition or a ladder", at: a.range)
                } else {
                    requires.append((i, a.range))
                    used.insert(a.text)
                }
            } else if factDecls[a.text] != nil {
                diagnostics.error("not-assessment", "'\(a.text)' is a fact, not an assessment; put it in 'eligible when'", at: a.range)
            } else {
                unknown(a, "assessment", candidates: Array(assessmentIndex.keys))
            }
        }
        var target = OfferTarget.everyone
        switch o.target {
        case .household(let r)?: target = .household(r)
        case .group(let e)?:
            let c = checkCondition(e, .top)
            checkContradictions(c)
            target = .group(c)
        case nil:
            if rules.personRecord != nil {
                diagnostics.warning("missing-target", "offer '\(id)' does not say whom it is for, so it is decided for every member of a case; add 'for { … }' (a condition on the member, e.g. 'for { age between 6 and 17 }') or 'for household'",
                                    at: o.name.range)
            }
        }
        var eligible: CheckedExpr?
        if let e = o.eligibleWhen {
            let c = checkCondition(e, .top)
            checkContradictions(c)
            eligible = c
        }
        var deadlines: [Deadline] = []
        for d in o.deadlines {
            let due = checkValue(d.due, .top)
            if due.type != .date, due.type != .error {
                diagnostics.error("type-mismatch", "a deadline must be a date (e.g. 'arrival_date + 4 weeks'), but '\(source(d.due.range))' is \(due.type.describe(rules))", at: d.due.range)
            }
            var earliest: CheckedExpr?
            if let e = d.earliest {
                let c = checkValue(e, .top)
                if c.type != .date, c.type != .error {
                    diagnostics.error("type-mismatch", "'from' must be a date, but '\(source(e.range))' is \(c.type.describe(rules))", at: e.range)
                }
                earliest = c
            }
            deadlines.append(Deadline(due: due, earliest: earliest, label: d.label ?? LocalizedText(da: "Frist", en: "Deadline"), declared: d.range))
        }
        var details: [Detail] = []
        for d in o.details {
            if let x = checkDetail(d) { details.append(x) }
        }
        var ladder: Ladder?
        if let l = o.ladder { ladder = checkLadder(l) }

        offerIndex[id] = rules.offers.count
        defer { rules.offers[rules.offers.count - 1].target = target }
        rules.offers.append(Offer(
            id: id, title: o.title ?? LocalizedText(da: id), description: o.description ?? LocalizedText(),
            municipality: municipality, municipalityValue: municipalityValue, theme: o.theme?.text,
            provider: o.provider?.value, partners: partners, sources: o.sources,
            validFrom: from, validTo: to, review: o.review?.value ?? nil, planned: o.planned?.value,
            capacity: o.capacity?.value, duration: o.duration?.value, extendableTo: o.extendableTo?.value,
            hours: hours.map { (lo: $0.0, hi: $0.1) }, requires: requires.map { (assessment: $0.0, range: $0.1) },
            deadlines: deadlines, eligible: eligible, details: details, ladder: ladder, declared: o.name.range,
            validRange: o.validFrom?.range ?? o.validTo?.range, municipalityRange: o.municipality?.range))
    }

    func months(_ d: Duration) -> Double {
        switch d.unit {
        case .hours: return Double(d.amount) / 24 / 30.4
        case .days: return Double(d.amount) / 30.4
        case .weeks: return Double(d.amount) * 7 / 30.4
        case .months: return Double(d.amount)
        case .years: return Double(d.amount) * 12
        }
    }

    mutating func checkDetail(_ d: DetailDecl) -> Detail? {
        let label = d.label ?? LocalizedText(da: d.name.text)
        if let (list, cond) = d.lists {
            guard let (fi, ri) = resolveList(list, .top) else { return nil }
            let c = checkCondition(cond, Scope(record: ri))
            return Detail(name: d.name.text, label: label, kind: .lists(fact: fi, record: ri, condition: c), declared: d.range)
        }
        var cases: [(condition: CheckedExpr?, text: LocalizedText)] = []
        var sawOtherwise = false
        for c in d.cases {
            if sawOtherwise {
                diagnostics.warning("unreachable", "this case comes after 'otherwise' and is never used", at: c.range)
            }
            if c.text.da == nil {
                diagnostics.error("missing-name", "the detail text needs Danish ('da \"…\"')", at: c.text.range)
            }
            if let cond = c.condition {
                cases.append((checkCondition(cond, .top), c.text))
            } else {
                sawOtherwise = true
                cases.append((nil, c.text))
            }
        }
        if d.cases.isEmpty {
            diagnostics.error("empty-block", "detail '\(d.name.text)' has no cases; add 'when … : da \"…\"'", at: d.name.range)
        }
        return Detail(name: d.name.text, label: label, kind: .cases(cases), declared: d.range)
    }

    mutating func checkLadder(_ l: LadderDecl) -> Ladder? {
        guard let ai = assessmentIndex[l.assessment.text] else {
            unknown(l.assessment, "assessment", candidates: Array(assessmentIndex.keys))
            return nil
        }
        used.insert(l.assessment.text)
        guard let e = rules.assessments[ai].enumType else {
            diagnostics.error("type-mismatch", "a ladder is chosen by an assessment with values ('assessment \(l.assessment.text): enum { … }'), but '\(l.assessment.text)' is yes/no", at: l.assessment.range)
            return nil
        }
        let values = rules.enums[e].values
        let ids = l.steps.map(\.name.text)
        for s in l.steps where !values.contains(s.name.text) {
            unknown(s.name, "step", of: "(the steps are the values of '\(l.assessment.text)')", candidates: values)
        }
        if Set(ids) == Set(values), ids != values, ids.count == values.count {
            diagnostics.error("ladder-order", "the ladder's steps must be in the same order as the values of '\(l.assessment.text)' (\(values.joined(separator: ", ")))", at: l.range)
        }
        for v in values where !ids.contains(v) {
            diagnostics.error("ladder-missing-step", "the ladder has no step for '\(v)', a value of '\(l.assessment.text)'", at: l.range)
        }
        var steps: [Ladder.Step] = []
        for s in l.steps {
            if s.title?.da == nil {
                diagnostics.error("missing-name", "step '\(s.name.text)' has no Danish name; add '{ name da \"…\" en \"…\" }'", at: s.name.range)
            }
            let c = s.condition.map { checkCondition($0, .top) }
            steps.append(Ladder.Step(id: s.name.text, title: s.title ?? LocalizedText(da: s.name.text), condition: c, declared: s.range))
        }
        return Ladder(assessment: ai, steps: steps, declared: l.range)
    }
}
