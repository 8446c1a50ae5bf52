/// Checks parsed files as one rule set: collects declarations, resolves names
/// across files, types every expression, and reports what is wrong.
package struct Checker {
    package struct Options: Sendable {
        /// The date against which review dates are judged.
        package var today: Day
        package init(today: Day) { self.today = today }
    }

    var rules: RuleSet
    var diagnostics = DiagnosticBag()
    let options: Options

    // Declarations by name, as parsed.
    var factDecls: [String: Int] = [:]
    var recordDecls: [String: RecordDecl] = [:]
    var recordIndex: [String: Int] = [:]
    var assessmentIndex: [String: Int] = [:]
    var derivedDecls: [String: DerivedDecl] = [:]
    var derivedIndex: [String: Int] = [:]
    var derivedState: [String: Int] = [:]   // 1 checking, 2 done
    var conditionDecls: [String: ConditionDecl] = [:]
    var conditionIndex: [String: Int] = [:]
    var conditionState: [String: Int] = [:]
    var setDecls: [String: SetDecl] = [:]
    var setIndex: [String: Int] = [:]
    var partnerIndex: [String: Int] = [:]
    var offerIndex: [String: Int] = [:]
    /// Where each top-level name was first declared, for duplicate checks.
    var declaredAt: [String: (kind: String, range: SourceRange)] = [:]
    /// Names used anywhere, for the unused-declaration warnings.
    var used: Set<String> = []
    var usedRecordFields: Set<String> = []   // "record.field"
    /// Conditions already reported as never holding (a quantifier's body is
    /// checked on its own and again inside its offer).
    var reportedContradictions: Set<SourceRange> = []
    /// What tests may name after `because`/`missing`, computed once.
    var explainable: Set<String> = []
    /// Declarations that reach too deep through the names they use, or use
    /// one that does (`limitReferenceDepth`): errors, never looked into.
    /// Top-level names, and `record.name` for a record's derived values.
    var tooDeep: Set<String> = []

    package init(sources: SourceManager, options: Options) {
        self.rules = RuleSet(sources: sources)
        self.options = options
    }

    /// Checks the parsed files; returns the rule set and all diagnostics.
    package static func check(_ files: [SyntaxFile], sources: SourceManager, options: Options) -> (RuleSet, [Diagnostic]) {
        var c = Checker(sources: sources, options: options)
        c.run(files)
        return (c.rules, c.diagnostics.items)
    }

    mutating func run(_ files: [SyntaxFile]) {
        let decls = files.flatMap(\.declarations)
        collect(decls)
        // Before anything follows names by recursion.
        limitReferenceDepth(decls)
        for d in decls { if case .record(let r) = d { checkRecordDerived(r) } }
        for d in decls {
            switch d {
            case .derived(let x): _ = resolveDerived(x.name.text)
            case .condition(let x): _ = resolveCondition(x.name.text)
            case .set(let x): _ = resolveSet(x.name.text)
            default: break
            }
        }
        checkPersonDerived(decls)
        checkFactApplies(decls)
        for d in decls { if case .partner(let p) = d { checkPartner(p) } }
        for d in decls { if case .offer(let o) = d { checkOffer(o) } }
        explainable = explainableNames()
        for d in decls { if case .test(let t) = d { checkTest(t) } }
        lintUnused(decls)
    }

    // MARK: Declaring

    /// Declared names are lower case (`a–z`, `0–9`, `_`), as profiles and
    /// case systems write them.
    mutating func checkLowerCase(_ name: Name) {
        guard name.text.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return }
        diagnostics.error("upper-case-name", "names are written in lower case: '\(name.text)'", at: name.range,
                          fixIts: [FixIt(range: name.range, replacement: name.text.lowercased(), message: "write '\(name.text.lowercased())'")])
    }

    mutating func declare(_ name: Name, _ kind: String) -> Bool {
        checkLowerCase(name)
        if let first = declaredAt[name.text] {
            let what = first.kind == kind ? "duplicate \(kind) '\(name.text)'" : "'\(name.text)' is already declared as \(article(first.kind)) \(first.kind)"
            diagnostics.error("duplicate-declaration", what, at: name.range,
                              notes: [Note("'\(name.text)' was first declared here", at: first.range)])
            return false
        }
        declaredAt[name.text] = (kind, name.range)
        return true
    }

    mutating func collect(_ decls: [Declaration]) {
        // Records and enums first: fact types refer to them. `person` is
        // built in: declared by the first fact of type `person` or `list of
        // person`, its fields filled once the top-level facts are known.
        for d in decls {
            guard case .fact(let f) = d else { continue }
            let isPerson: Bool
            switch f.type {
            case .person: isPerson = true
            case .list(let n): isPerson = n.text == "person"
            default: isPerson = false
            }
            if isPerson, rules.personRecord == nil {
                rules.personRecord = rules.records.count
                recordIndex["person"] = rules.records.count
                rules.records.append(RecordInfo(name: "person", fields: [], derived: [], declared: f.typeRange))
            }
        }
        for d in decls {
            if case .record(let r) = d, r.name.text == "person" {
                diagnostics.error("reserved-name", "'person' is built in: a member of a case, with every fact of the schema that is not 'household'; name the record otherwise", at: r.name.range)
                continue
            }
            if case .record(let r) = d, declare(r.name, "record") {
                recordDecls[r.name.text] = r
                recordIndex[r.name.text] = rules.records.count
                rules.records.append(RecordInfo(name: r.name.text, fields: [], derived: [], declared: r.name.range))
            }
        }
        for d in decls {
            if case .record(let r) = d, let ri = recordIndex[r.name.text], rules.records[ri].declared == r.name.range {
                var seen: [String: SourceRange] = [:]
                for f in r.facts {
                    if let first = seen[f.name.text] {
                        diagnostics.error("duplicate-declaration", "duplicate field '\(f.name.text)' in record '\(r.name.text)'", at: f.name.range, notes: [Note("first declared here", at: first)])
                        continue
                    }
                    seen[f.name.text] = f.name.range
                    checkLowerCase(f.name)
                    rules.records[ri].fields.append(factInfo(f, owner: r.name.text))
                }
            }
        }
        for d in decls {
            switch d {
            case .fact(let f):
                if declare(f.name, "fact") {
                    factDecls[f.name.text] = rules.facts.count
                    rules.facts.append(factInfo(f, owner: nil))
                }
            case .assessment(let a):
                if declare(a.name, "assessment") {
                    var e: Int?
                    if let values = a.values { e = makeEnum(a.name.text, values, a.valueLabels) }
                    if a.label?.da == nil {
                        diagnostics.error("missing-label", "assessment '\(a.name.text)' has no Danish label; add 'label da \"…\" en \"…\"'", at: a.name.range)
                    }
                    assessmentIndex[a.name.text] = rules.assessments.count
                    rules.assessments.append(AssessmentInfo(name: a.name.text, enumType: e, label: a.label ?? LocalizedText(da: a.name.text), question: a.question, declared: a.name.range))
                }
            case .derived(let x):
                if declare(x.name, "derived value") { derivedDecls[x.name.text] = x }
            case .condition(let x):
                if declare(x.name, "condition") { conditionDecls[x.name.text] = x }
            case .set(let x):
                if declare(x.name, "set") { setDecls[x.name.text] = x }
            case .partner(let p):
                _ = declare(p.name, "partner")
            case .offer(let o):
                if let other = declaredAt[o.name.text] {
                    let what = other.kind == "offer" ? "duplicate offer '\(o.name.text)'" : "'\(o.name.text)' is already declared as \(article(other.kind)) \(other.kind)"
                    diagnostics.error("duplicate-declaration", what, at: o.name.range, notes: [Note("'\(o.name.text)' was first declared here", at: other.range)])
                } else {
                    checkLowerCase(o.name)
                    offerIndex[o.name.text] = -1  // placeholder until checked
                    declaredAt[o.name.text] = ("offer", o.name.range)
                }
            case .record, .test: break
            }
        }
        fillPersonRecord()
    }

    /// The fields of `person`: every top-level fact that is not `household`
    /// and holds no members, with the same type, labels and index of enum.
    mutating func fillPersonRecord() {
        guard let pr = rules.personRecord else { return }
        for (i, f) in rules.facts.enumerated() where !f.household {
            if case .list = f.type { continue }
            rules.records[pr].fields.append(f)
            rules.personFields.append(i)
        }
    }

    mutating func makeEnum(_ name: String, _ values: [Name], _ labels: [LocalizedText?] = []) -> Int {
        var seen: [String: SourceRange] = [:]
        var list: [String] = []
        var texts: [LocalizedText?] = []
        for (k, v) in values.enumerated() {
            checkLowerCase(v)
            if let first = seen[v.text] {
                diagnostics.error("duplicate-declaration", "duplicate value '\(v.text)' in '\(name)'", at: v.range, notes: [Note("first listed here", at: first)])
                continue
            }
            seen[v.text] = v.range
            list.append(v.text)
            texts.append(k < labels.count ? labels[k] : nil)
        }
        if list.isEmpty, let v = values.first {
            diagnostics.error("empty-enum", "'\(name)' has no values", at: v.range)
        }
        rules.enums.append(EnumType(name: name, values: list, labels: texts))
        return rules.enums.count - 1
    }

    mutating func factInfo(_ f: FactDecl, owner: String?) -> FactInfo {
        var type: ValueType = .error
        var range: (Int, Int)?
        switch f.type {
        case .bool: type = .bool
        case .string: type = .string
        case .date: type = .date
        case .int(let lo, let hi):
            type = .int
            if let lo, let hi {
                if lo.value > hi.value {
                    diagnostics.error("inverted-range", "inverted range: \(lo.value) is greater than \(hi.value)", at: lo.range.to(hi.range),
                                      fixIts: [FixIt(range: lo.range.to(hi.range), replacement: "\(hi.value) to \(lo.value)", message: "swap the bounds")])
                } else if lo.value < ValueType.intValues.lo || hi.value > ValueType.intValues.hi {
                    let outside = lo.value < ValueType.intValues.lo ? lo : hi
                    diagnostics.error("out-of-range", "\(outside.value) is outside the numbers a fact can hold (\(ValueType.intValues.lo) to \(ValueType.intValues.hi))",
                                      at: outside.range)
                } else {
                    range = (lo.value, hi.value)
                }
            }
        case .enumeration(let values, let labels):
            type = .enumeration(makeEnum(owner.map { "\($0).\(f.name.text)" } ?? f.name.text, values, labels))
        case .list(let r):
            if owner != nil {
                diagnostics.error("nested-list", "a record's field cannot be a list", at: f.typeRange)
            } else if let ri = recordIndex[r.text] {
                type = .list(ri)
            } else {
                unknown(r, "record", candidates: Array(recordIndex.keys) + ["person"])
            }
        case .person:
            if owner != nil {
                diagnostics.error("nested-list", "a record's field cannot be a person", at: f.typeRange)
            } else if let pr = rules.personRecord {
                type = .list(pr)
            }
        case .error: break
        }
        if f.label?.da == nil {
            diagnostics.error("missing-label", "fact '\(f.name.text)' has no Danish label; add 'label da \"…\" en \"…\"'", at: f.name.range)
        }
        var info = FactInfo(name: f.name.text, type: type, range: range, label: f.label ?? LocalizedText(da: f.name.text), question: f.question, declared: f.name.range)
        if case .person = f.type { info.single = true }
        let holdsMembers: Bool
        switch f.type {
        case .list, .person: holdsMembers = true
        default: holdsMembers = false
        }
        for (word, r) in [("household", f.household), ("inherited", f.inherited)] {
            guard let r else { continue }
            if owner != nil {
                diagnostics.error("member-item", "'\(word)' marks a fact of the schema, not a record's field", at: r)
            } else if holdsMembers {
                diagnostics.error("member-item", "'\(word)' marks a value, and '\(f.name.text)' holds members (a list); members are never taken over", at: r)
            } else if word == "household" {
                info.household = true
            } else {
                info.inherited = true
            }
        }
        if info.household, info.inherited, let r = f.inherited {
            diagnostics.error("member-item", "a fact is 'household' (given once for the case) or 'inherited' (taken over by a member without it), not both", at: r)
            info.inherited = false
        }
        if owner != nil, let a = f.applies {
            diagnostics.error("member-item", "'for' says whom a fact of the schema can apply to; a record's field cannot have one", at: a.range)
        }
        if let personal = f.personal {
            if case .list(let r) = f.type {
                // A list is never shown as a value; what is personal are its records' fields.
                diagnostics.error("personal-list", "'personal' marks a value, and a list has none of its own; mark the fields of record '\(r.text)' personal instead",
                                  at: personal)
            } else {
                info.personal = true
            }
        }
        return info
    }

    /// "a" or "an" before a word.
    func article(_ word: String) -> String {
        guard let c = word.first else { return "a" }
        return "aeiou".contains(c) ? "an" : "a"
    }

    /// Reports an unknown name with a suggestion from `candidates`.
    mutating func unknown(_ name: Name, _ kind: String, of owner: String? = nil, candidates: [String], extra: [Note] = []) {
        var fixIts: [FixIt] = []
        var kind = kind
        if let s = Suggest.closest(to: name.text, in: candidates) {
            fixIts.append(FixIt(range: name.range, replacement: s, message: "did you mean '\(s)'?"))
            // Name the kind of thing the user most likely meant, and do not
            // also warn that it is unused.
            if kind == "name" {
                if factDecls[s] != nil { kind = "fact" }
                else if derivedDecls[s] != nil { kind = "derived value" }
                else if conditionDecls[s] != nil { kind = "condition" }
                else if assessmentIndex[s] != nil { kind = "assessment" }
            }
            used.insert(s)
        }
        var message = "unknown \(kind) '\(name.text)'" + (owner.map { " \($0)" } ?? "")
        if fixIts.isEmpty, candidates.count <= 8, !candidates.isEmpty {
            message += "; expected one of " + candidates.sorted().joined(separator: ", ")
        }
        diagnostics.error("unknown-name", message, at: name.range, notes: extra, fixIts: fixIts)
    }

    // MARK: Partners

    mutating func checkPartner(_ p: PartnerDecl) {
        guard partnerIndex[p.name.text] == nil, declaredAt[p.name.text]?.range == p.name.range else { return }
        if p.displayName == nil {
            diagnostics.error("missing-item", "partner '\(p.name.text)' has no name; add 'name \"…\"'", at: p.name.range)
        }
        if let m = p.municipality { _ = municipalityValue(m) }
        if let places = p.places, places.value < 1 {
            diagnostics.error("invalid-number", "a partner's places must be at least 1, not \(places.value)", at: places.range)
        }
        partnerIndex[p.name.text] = rules.partners.count
        rules.partners.append(PartnerInfo(id: p.name.text, name: p.displayName?.value ?? p.name.text, municipality: p.municipality?.text, places: p.places?.value, declared: p.name.range))
    }

    /// The index of a municipality in the `municipality` fact's enum.
    mutating func municipalityValue(_ m: Name) -> Int? {
        guard let fi = factDecls["municipality"], case .enumeration(let e) = rules.facts[fi].type else {
            diagnostics.error("missing-schema", "the schema has no 'fact municipality: enum { … }' to check '\(m.text)' against", at: m.range)
            return nil
        }
        if let v = rules.enums[e].index(of: m.text) { return v }
        unknown(m, "municipality", candidates: rules.enums[e].values + ["national"])
        return nil
    }
}
