extension Checker {
    mutating func checkTest(_ t: TestDecl) {
        var profile = Profile(factCount: rules.facts.count, assessmentCount: rules.assessments.count)
        var seen: [String: SourceRange] = [:]
        for entry in t.profile {
            if let first = seen[entry.key.text] {
                diagnostics.error("duplicate-key", "'\(entry.key.text)' is given twice in the profile", at: entry.key.range, notes: [Note("first given here", at: first)])
                continue
            }
            seen[entry.key.text] = entry.key.range
            if entry.key.text == "id" {
                if case .string(let s) = entry.value { profile.id = s; continue }
            }
            guard let fi = factDecls[entry.key.text] else {
                if assessmentIndex[entry.key.text] != nil {
                    diagnostics.error("not-fact", "'\(entry.key.text)' is an assessment; record it under 'assessments { … }'", at: entry.key.range)
                } else {
                    unknown(entry.key, "fact", candidates: Array(factDecls.keys))
                }
                continue
            }
            var assessments: [[ProfileValue?]] = []
            profile.facts[fi] = profileValue(entry.value, type: rules.facts[fi].type, range: rules.facts[fi].range, key: entry.key.text, at: entry.valueRange,
                                             single: rules.facts[fi].single, assessments: &assessments)
            if rules.memberFacts.contains(fi), assessments.contains(where: { $0.contains { $0 != nil } }) { profile.memberAssessments[fi] = assessments }
        }
        for entry in t.assessments {
            guard let ai = assessmentIndex[entry.key.text] else {
                unknown(entry.key, "assessment", candidates: Array(assessmentIndex.keys))
                continue
            }
            let type: ValueType = rules.assessments[ai].enumType.map { .enumeration($0) } ?? .bool
            var none: [[ProfileValue?]] = []
            profile.assessments[ai] = profileValue(entry.value, type: type, range: nil, key: entry.key.text, at: entry.valueRange, assessments: &none)
        }
        var expectations: [TestCase.Expectation] = []
        for e in t.expectations {
            guard let oi = offerIndex[e.offer.text] else {
                unknown(e.offer, "offer", candidates: Array(offerIndex.keys))
                continue
            }
            let offer = rules.offers.indices.contains(oi) ? rules.offers[oi] : nil
            guard let member = testMember(e, offer, profile) else { continue }
            let count = expectations.count
            defer { if expectations.count > count { expectations[count].member = member } }
            switch e.kind {
            case .status(let s, let because, let missing):
                for n in because + (missing ?? []) where !explainable.contains(n.text) {
                    unknown(n, "fact or assessment", candidates: Array(explainable))
                }
                expectations.append(.init(offer: oi, expect: .status(s, because: because.map(\.text), missing: missing?.map(\.text)), declared: e.range))
            case .deadline(let d):
                if offer?.deadlines.isEmpty ?? false {
                    diagnostics.error("no-deadline", "offer '\(e.offer.text)' has no deadline to expect", at: e.range)
                }
                if let day = d.value { expectations.append(.init(offer: oi, expect: .deadline(day), declared: e.range)) }
            case .step(let s):
                guard let ladder = offer?.ladder else {
                    diagnostics.error("no-ladder", "offer '\(e.offer.text)' has no ladder", at: e.range)
                    continue
                }
                if !ladder.steps.contains(where: { $0.id == s.text }) {
                    unknown(s, "step", candidates: ladder.steps.map(\.id))
                    continue
                }
                expectations.append(.init(offer: oi, expect: .step(s.text), declared: e.range))
            case .detail(let n, let text, let elements):
                guard let detail = offer?.details.first(where: { $0.name == n.text }) else {
                    unknown(n, "detail", of: "of offer '\(e.offer.text)'", candidates: offer?.details.map(\.name) ?? [])
                    continue
                }
                switch (detail.kind, elements) {
                case (.lists, nil):
                    diagnostics.error("type-mismatch", "detail '\(n.text)' lists elements; write 'expect \(e.offer.text) detail \(n.text) lists 1, 2' (or 'lists none')", at: e.range)
                    continue
                case (.cases, .some):
                    diagnostics.error("type-mismatch", "detail '\(n.text)' is a text; write 'expect \(e.offer.text) detail \(n.text) \"…\"'", at: e.range)
                    continue
                case (.cases(let cases), nil):
                    if let t = text, !cases.contains(where: { $0.text.da == t.value || $0.text.en == t.value }) {
                        diagnostics.error("unknown-name", "detail '\(n.text)' never gives the text \"\(t.value)\"", at: t.range,
                                          notes: [Note("its texts: " + cases.compactMap { $0.text.da }.map { "\"\($0)\"" }.joined(separator: ", "))])
                        continue
                    }
                default: break
                }
                expectations.append(.init(offer: oi, expect: .detail(n.text, text: text?.value, elements: elements), declared: e.range))
            }
        }
        if t.date == nil {
            diagnostics.error("missing-item", "test \"\(t.title.value)\" has no date; add 'date YYYY-MM-DD'", at: t.title.range)
        }
        if t.expectations.isEmpty {
            diagnostics.warning("empty-test", "test \"\(t.title.value)\" expects nothing", at: t.title.range)
        }
        rules.tests.append(TestCase(title: t.title.value, date: t.date?.value ?? nil, profile: profile, expectations: expectations, declared: t.title.range))
    }

    /// Whom expectation `e` is about, checked against the offer's target and
    /// the members the profile has; nil (after an error) when it cannot be.
    mutating func testMember(_ e: Expectation, _ offer: Offer?, _ profile: Profile) -> TestCase.Member? {
        var isHousehold = false
        if case .household? = offer?.target { isHousehold = true }
        guard let m = e.member else { return isHousehold ? .household : .holder }
        switch m.value {
        case .household:
            guard isHousehold else {
                diagnostics.error("member-mismatch", "offer '\(e.offer.text)' is decided for each member, not for the household; write 'for holder', 'for partner' or 'for child N'", at: m.range)
                return nil
            }
            return .household
        case .holder, .partner, .child:
            if isHousehold {
                diagnostics.error("member-mismatch", "offer '\(e.offer.text)' is for the household, decided once for the case; write 'for household' or leave 'for' out", at: m.range)
                return nil
            }
        }
        func members(_ name: String) -> Int? {
            guard let fi = factDecls[name], rules.memberFacts.contains(fi) else { return nil }
            if case .list(let rows)? = profile.facts[fi] { return rows.count }
            return 0
        }
        switch m.value {
        case .partner:
            guard let n = members("partner"), n > 0 else {
                diagnostics.error("member-mismatch", "the test's profile has no partner; add 'partner = { … }' to it", at: m.range)
                return nil
            }
            return .partner
        case .child(let k):
            let n = members("children") ?? 0
            guard k <= n else {
                diagnostics.error("member-mismatch", "the test's profile has \(n == 0 ? "no children" : n == 1 ? "one child" : "\(n) children"), so there is no child \(k); children are numbered from 1 as written in 'children = [ … ]'", at: m.range)
                return nil
            }
            return .child(k)
        default:
            return .holder
        }
    }

    /// Names a test may give after `because` or `missing` (all declared by now).
    func explainableNames() -> Set<String> {
        var names = Set(factDecls.keys).union(assessmentIndex.keys).union(derivedDecls.keys).union(conditionDecls.keys)
        names.formUnion(["validity", "planned"])
        for r in rules.records { names.formUnion(r.fields.map { "\(r.name).\($0.name)" }) }
        return names
    }

    /// Checks a test profile's value against the fact's type.
    mutating func profileValue(_ v: ProfileValueSyntax, type: ValueType, range: (lo: Int, hi: Int)?, key: String, at r: SourceRange,
                               single: Bool = false, assessments: inout [[ProfileValue?]]) -> ProfileValue? {
        func mismatch(_ found: String) -> ProfileValue? {
            diagnostics.error("type-mismatch", "'\(key)' must be \(type.describe(rules)), but \(found) was given", at: r)
            return nil
        }
        switch (v, type) {
        case (_, .error): return nil
        case (.bool(let b), .bool): return .bool(b)
        case (.integer(let i), .int):
            // An unranged fact holds what any int fact can (the engine's own markers lie below).
            let range = range ?? ValueType.intValues
            if i < range.lo || i > range.hi {
                diagnostics.error("out-of-range", "\(i) is outside the range of '\(key)' (\(range.lo) to \(range.hi))", at: r)
                return nil
            }
            return .int(i)
        case (.date(let d), .date): return d.map(ProfileValue.date)
        case (.string(let s), .string): return .string(s)
        case (.name(let n), .enumeration(let e)):
            if let i = rules.enums[e].index(of: n.text) { return .enumValue(i) }
            unknown(n, "value", of: "for '\(key)'", candidates: rules.enums[e].values, extra: [Note("allowed values: " + rules.enums[e].values.joined(separator: ", "))])
            return nil
        case (.record(let entries), .list(let ri)) where ri == rules.personRecord && single:
            return .list([elementRow(entries, ri, key: key, assessments: &assessments)])
        case (.list(let elements), .list(let ri)) where !single || elements.isEmpty:  // `partner = []`: no partner
            return .list(elements.map { elementRow($0, ri, key: key, assessments: &assessments) })
        case (.name(let n), _):
            return mismatch("'\(n.text)'")
        case (.integer(let i), _): return mismatch("the number \(i)")
        case (.date(let d), _): return mismatch("the date \(d.map(\.description) ?? "")")
        case (.string, _): return mismatch("a text")
        case (.bool(let b), _): return mismatch("\(b)")
        case (.list, _): return mismatch("a list")
        case (.record, _): return mismatch("a person '{ … }'")
        }
    }

    /// One element of a list (or a partner): a value per field of record
    /// `ri`; for a `person`, also its own `assessments = { … }`, appended
    /// to `assessments`.
    mutating func elementRow(_ entries: [ProfileEntrySyntax], _ ri: Int, key: String, assessments: inout [[ProfileValue?]]) -> [ProfileValue?] {
        let rec = rules.records[ri]
        var row = [ProfileValue?](repeating: nil, count: rec.fields.count)
        var own = [ProfileValue?](repeating: nil, count: rules.assessments.count)
        for entry in entries {
            if ri == rules.personRecord, entry.key.text == "assessments", case .record(let items) = entry.value {
                for item in items {
                    guard let ai = assessmentIndex[item.key.text] else {
                        unknown(item.key, "assessment", candidates: Array(assessmentIndex.keys))
                        continue
                    }
                    let type: ValueType = rules.assessments[ai].enumType.map { .enumeration($0) } ?? .bool
                    var none: [[ProfileValue?]] = []
                    own[ai] = profileValue(item.value, type: type, range: nil, key: item.key.text, at: item.valueRange, assessments: &none)
                }
                continue
            }
            guard let fi = rec.fields.firstIndex(where: { $0.name == entry.key.text }) else {
                if ri == rules.personRecord, let f = factDecls[entry.key.text], rules.facts[f].household {
                    diagnostics.error("household-fact", "'\(entry.key.text)' belongs to the household: give it once, at the top of the profile, not in '\(key)'", at: entry.key.range)
                } else {
                    unknown(entry.key, "field", of: "of '\(rec.name)'", candidates: rec.fields.map(\.name))
                }
                continue
            }
            var none: [[ProfileValue?]] = []
            row[fi] = profileValue(entry.value, type: rec.fields[fi].type, range: rec.fields[fi].range, key: "\(key).\(entry.key.text)", at: entry.valueRange,
                                   assessments: &none)
        }
        assessments.append(own)
        return row
    }
}
