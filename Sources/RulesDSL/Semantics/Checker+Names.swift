/// The names an expression can see: a list element's fields inside
/// `any/all/count … where`, then the rule set's names.
struct Scope {
    var record: Int?
    static let top = Scope(record: nil)
}

extension Checker {
    mutating func checkRecordDerived(_ r: RecordDecl) {
        guard let ri = recordIndex[r.name.text], rules.records[ri].declared == r.name.range else { return }
        for d in r.derived {
            if rules.records[ri].fields.contains(where: { $0.name == d.name.text }) || rules.records[ri].derived.contains(where: { $0.name == d.name.text }) {
                diagnostics.error("duplicate-declaration", "duplicate field '\(d.name.text)' in record '\(r.name.text)'", at: d.name.range)
                continue
            }
            // Past a limit on names (limitReferenceDepth): reported there, an error here.
            let e = tooDeep.contains(r.name.text + "." + d.name.text) ? .error(d.name.range) : checkValue(d.expr, Scope(record: ri))
            rules.records[ri].derived.append(DerivedInfo(name: d.name.text, expr: e, label: d.label ?? LocalizedText(da: d.name.text), declared: d.name.range))
            if d.label?.da == nil {
                diagnostics.error("missing-label", "derived value '\(d.name.text)' has no Danish label; add '{ label da \"…\" en \"…\" }'", at: d.name.range)
            }
        }
    }

    /// The derived values of `person`: the top-level ones, read on the
    /// member (its `age` is the member's). Their errors are the top-level
    /// ones, reported there, so this pass reports nothing.
    mutating func checkPersonDerived(_ decls: [Declaration]) {
        guard let pr = rules.personRecord else { return }
        let derived = decls.compactMap { d -> DerivedDecl? in if case .derived(let x) = d { return x } else { return nil } }
        let saved = diagnostics
        checkRecordDerived(RecordDecl(name: Name("person", rules.records[pr].declared), facts: [], derived: derived, range: rules.records[pr].declared))
        diagnostics = saved
    }

    /// The `for` blocks of facts: conditions on the member.
    mutating func checkFactApplies(_ decls: [Declaration]) {
        for d in decls {
            guard case .fact(let f) = d, let block = f.applies, let fi = factDecls[f.name.text],
                  rules.facts[fi].declared == f.name.range else { continue }
            let c = checkCondition(block, .top)
            rules.facts[fi].applies = c
            if let pr = rules.personRecord, let k = rules.personFields.firstIndex(of: fi) { rules.records[pr].fields[k].applies = c }
        }
    }

    mutating func resolveDerived(_ name: String) -> Int? {
        if let i = derivedIndex[name] { return i }
        // Past a limit on names (limitReferenceDepth): reported there, an error here.
        guard let d = derivedDecls[name], !tooDeep.contains(name) else { return nil }
        if derivedState[name] == 1 {
            diagnostics.error("cycle", "derived value '\(name)' depends on itself", at: d.name.range)
            return nil
        }
        derivedState[name] = 1
        let e = checkValue(d.expr, .top)
        derivedState[name] = 2
        return addDerived(d, e)
    }

    /// Records a checked derived value (apart from `resolveDerived`, which
    /// stays small for deep chains).
    mutating func addDerived(_ d: DerivedDecl, _ e: CheckedExpr) -> Int {
        let name = d.name.text
        if d.label?.da == nil {
            diagnostics.error("missing-label", "derived value '\(name)' has no Danish label; add '{ label da \"…\" en \"…\" }'", at: d.name.range)
        }
        derivedIndex[name] = rules.derived.count
        rules.derived.append(DerivedInfo(name: name, expr: e, label: d.label ?? LocalizedText(da: name), declared: d.name.range))
        return rules.derived.count - 1
    }

    mutating func resolveCondition(_ name: String) -> Int? {
        if let i = conditionIndex[name] { return i }
        // Past a limit on names (limitReferenceDepth): reported there, an error here.
        guard let d = conditionDecls[name], !tooDeep.contains(name) else { return nil }
        if conditionState[name] == 1 {
            diagnostics.error("cycle", "condition '\(name)' depends on itself", at: d.name.range)
            return nil
        }
        conditionState[name] = 1
        let e = checkCondition(d.body, .top)
        conditionState[name] = 2
        return addCondition(d, e)
    }

    /// Records a checked condition (apart from `resolveCondition`, which
    /// stays small for deep chains).
    mutating func addCondition(_ d: ConditionDecl, _ e: CheckedExpr) -> Int {
        let name = d.name.text
        if d.label?.da == nil {
            diagnostics.error("missing-label", "condition '\(name)' has no Danish label; add 'label da \"…\" en \"…\"' inside it", at: d.name.range)
        }
        checkContradictions(e)
        conditionIndex[name] = rules.conditions.count
        rules.conditions.append(ConditionInfo(name: name, label: d.label ?? LocalizedText(da: name), expr: e, declared: d.name.range))
        return rules.conditions.count - 1
    }

    mutating func resolveSet(_ name: String) -> Int? {
        if let i = setIndex[name] { return i }
        // Past a limit on names (limitReferenceDepth): reported there, an error here.
        guard let d = setDecls[name], !tooDeep.contains(name) else { return nil }
        setIndex[name] = -1
        var type: ValueType?
        var values: [Constant] = []
        var seen = Set<Constant>()  // a list's `contains` made a 100,000-value set quadratic
        for v in d.values {
            let c = checkValue(v, .top)
            guard case .constant(let k) = c.kind else {
                diagnostics.error("not-constant", "a set holds fixed values (text, numbers, dates), not conditions", at: v.range)
                continue
            }
            if let t = type, t != c.type, c.type != .error {
                diagnostics.error("type-mismatch", "set '\(name)' mixes \(t.describe(rules)) with \(c.type.describe(rules))", at: v.range)
                continue
            }
            type = c.type
            if c.type != .error, !seen.insert(k).inserted {
                diagnostics.warning("duplicate-value", "'\(rules.sources.file(v.range.file)?.text(v.range) ?? "")' is listed twice in set '\(name)'", at: v.range)
            }
            values.append(k)
        }
        if d.values.isEmpty { diagnostics.error("empty-set", "set '\(name)' is empty", at: d.name.range) }
        if d.label?.da == nil {
            diagnostics.error("missing-label", "set '\(name)' has no Danish label; add '{ label da \"…\" en \"…\" }'", at: d.name.range)
        }
        setIndex[name] = rules.sets.count
        rules.sets.append(SetInfo(name: name, elementType: type ?? .error, values: values, label: d.label ?? LocalizedText(da: name), declared: d.name.range))
        return rules.sets.count - 1
    }

    /// Every name an expression could mean here, for suggestions.
    func candidateNames(_ scope: Scope, expected: ValueType?) -> [String] {
        var names = Array(factDecls.keys) + Array(derivedDecls.keys) + Array(conditionDecls.keys) + Array(assessmentIndex.keys)
        if let r = scope.record {
            names += rules.records[r].fields.map(\.name) + rules.records[r].derived.map(\.name)
        }
        if case .enumeration(let e)? = expected { names += rules.enums[e].values }
        return names
    }

    /// Resolves a bare name to a fact, derived value, condition, assessment
    /// or (with an expected enum type) an enum value.
    mutating func resolveName(_ name: Name, _ scope: Scope, expected: ValueType?) -> CheckedExpr? {
        // Small on purpose, like `checkExpr`: a chain of names passes here at every link.
        let n = name.text
        if case .enumeration(let e)? = expected, rules.enums[e].index(of: n) != nil { return enumValue(name, e) }
        if let r = scope.record, let c = resolveField(name, r) { return c }
        if factDecls[n] != nil { return useFact(name) }
        if derivedDecls[n] != nil { return useDerived(name) }
        if conditionDecls[n] != nil { return useCondition(name) }
        if assessmentIndex[n] != nil { return useAssessment(name) }
        return nil
    }

    func enumValue(_ name: Name, _ e: Int) -> CheckedExpr {
        CheckedExpr(.constant(.enumValue(type: e, value: rules.enums[e].index(of: name.text)!)), .enumeration(e), name.range)
    }

    /// A field or derived value of the list element in scope.
    mutating func resolveField(_ name: Name, _ r: Int) -> CheckedExpr? {
        let n = name.text
        let rec = rules.records[r]
        if let f = rec.fields.firstIndex(where: { $0.name == n }) {
            usedRecordFields.insert("\(rec.name).\(n)")
            if r == rules.personRecord { used.insert(n) }  // a person's field is a fact of the schema
            return CheckedExpr(.fact(.element(record: r, field: f)), rec.fields[f].type, name.range)
        }
        if let d = rec.derived.firstIndex(where: { $0.name == n }) {
            return CheckedExpr(.derived(record: r, index: d), rec.derived[d].expr.type, name.range)
        }
        return nil
    }

    mutating func useFact(_ name: Name) -> CheckedExpr {
        let f = factDecls[name.text]!
        used.insert(name.text)
        return CheckedExpr(.fact(.citizen(f)), rules.facts[f].type, name.range)
    }

    mutating func useDerived(_ name: Name) -> CheckedExpr {
        used.insert(name.text)
        guard let i = resolveDerived(name.text) else { return .error(name.range) }
        return CheckedExpr(.derived(record: nil, index: i), rules.derived[i].expr.type, name.range)
    }

    mutating func useCondition(_ name: Name) -> CheckedExpr {
        used.insert(name.text)
        guard let i = resolveCondition(name.text) else { return .error(name.range) }
        return CheckedExpr(.condition(i), .bool, name.range)
    }

    mutating func useAssessment(_ name: Name) -> CheckedExpr {
        let a = assessmentIndex[name.text]!
        used.insert(name.text)
        let t: ValueType = rules.assessments[a].enumType.map { .enumeration($0) } ?? .bool
        return CheckedExpr(.assessment(a), t, name.range)
    }
}
