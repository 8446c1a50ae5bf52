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
            profile.facts[fi] = profileValue(entry.value, type: rules.facts[fi].type, range: rules.facts[fi].range, key: entry.key.text, at: entry.valueRange)
        }
        for entry in t.assessments {
            guard let ai = assessmentIndex[entry.key.text] else {
                unknown(entry.key, "assessment", candidates: Array(assessmentIndex.keys))
                continue
            }
            let type: ValueType = rules.assessments[ai].enumType.map { .enumeration($0) } ?? .bool
            profile.assessments[ai] = profileValue(entry.value, type: type, range: nil, key: entry.key.text, at: entry.valueRange)
        }
        var expectations: [TestCase.Expectation] = []
        for e in t.expectations {
            guard let oi = offerIndex[e.offer.text] else {
                unknown(e.offer, "offer", candidates: Array(offerIndex.keys))
                continue
            }
            let offer = rules.offers.indices.contains(oi) ? rules.offers[oi] : nil
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

    /// Names a test may give after `because` or `missing` (all declared by now).
    func explainableNames() -> Set<String> {
        var names = Set(factDecls.keys).union(assessmentIndex.keys).union(derivedDecls.keys).union(conditionDecls.keys)
        names.formUnion(["validity", "planned"])
        for r in rules.records { names.formUnion(r.fields.map { "\(r.name).\($0.name)" }) }
        return names
    }

    /// Checks a test profile's value against the fact's type.
    mutating func profileValue(_ v: ProfileValueSyntax, type: ValueType, range: (lo: Int, hi: Int)?, key: String, at r: SourceRange) -> ProfileValue? {
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
        case (.list(let elements), .list(let ri)):
            let rec = rules.records[ri]
            var out: [[ProfileValue?]] = []
            for el in elements {
                var row = [ProfileValue?](repeating: nil, count: rec.fields.count)
                for entry in el {
                    guard let fi = rec.fields.firstIndex(where: { $0.name == entry.key.text }) else {
                        unknown(entry.key, "field", of: "of '\(rec.name)'", candidates: rec.fields.map(\.name))
                        continue
                    }
                    row[fi] = profileValue(entry.value, type: rec.fields[fi].type, range: rec.fields[fi].range, key: "\(key).\(entry.key.text)", at: entry.valueRange)
                }
                out.append(row)
            }
            return .list(out)
        case (.name(let n), _):
            return mismatch("'\(n.text)'")
        case (.integer(let i), _): return mismatch("the number \(i)")
        case (.date(let d), _): return mismatch("the date \(d.map(\.description) ?? "")")
        case (.string, _): return mismatch("a text")
        case (.bool(let b), _): return mismatch("\(b)")
        case (.list, _): return mismatch("a list")
        }
    }
}
