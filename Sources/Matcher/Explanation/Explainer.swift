import RulesDSL

/// Turns one offer's trace into reasons, missing facts, deadlines, details
/// and a ladder recommendation, as values (the Reports module words them).
struct Explainer {
    let program: Program
    let trace: ExplainTrace
    let facts: Facts
    let profile: Profile
    let today: Day
    /// What was already built or collected for a (node, element): a named
    /// condition used twice in each of 28 levels is then explained in 28
    /// steps, not 2^28 (issue 15, finding 5).
    let seen = Seen()

    final class Seen {
        var trees: [Int64: ExplanationNode] = [:]
        var unknown: Set<Int64> = []
    }

    static func key(_ n: Int32, _ element: Int32) -> Int64 { (Int64(n) << 32) | Int64(UInt32(bitPattern: element)) }

    var rules: RuleSet { program.rules }

    // MARK: Values

    /// A citizen's fact; texts come from the profile as written.
    func show(fact i: Int) -> ShownValue {
        if case .string(let s)? = profile.facts[i] { return .text(s) }
        let slot = program.factSlot[i]
        if slot < 0 {
            if case .list(let rows)? = profile.facts[i] { return .count(rows.count) }
            return .unknown
        }
        if facts.values[Int(slot)] == Slot.none, profile.facts[i] == nil, program.appliesNodes[i] >= 0 { return .notApplicable }
        return ShownValue(slot: facts.values[Int(slot)], type: rules.facts[i].type, program: program)
    }

    func show(assessment a: Int) -> ShownValue {
        let v = facts.values[Int(program.assessmentSlot[a])]
        if v == Slot.unknown { return .notAssessed }
        let t: ValueType = rules.assessments[a].enumType.map { .enumeration($0) } ?? .bool
        return ShownValue(slot: v, type: t, program: program)
    }

    /// The values a condition reads, and the names of what it reads.
    func values(_ e: CheckedExpr) -> ([ReadValue], [String]) {
        var out: [ReadValue] = []
        var names: [String] = []
        func visit(_ e: CheckedExpr) {
            switch e.kind {
            case .fact(.citizen(let i)):
                if !names.contains(rules.facts[i].name) {
                    names.append(rules.facts[i].name)
                    out.append(ReadValue(subject: .fact(i), value: show(fact: i), inherited: profile.inherited.contains(i)))
                }
            case .assessment(let a):
                if !names.contains(rules.assessments[a].name) {
                    names.append(rules.assessments[a].name)
                    out.append(ReadValue(subject: .assessment(a), value: show(assessment: a)))
                }
            case .derived(nil, let i):
                let d = rules.derived[i]
                if !names.contains(d.name) {
                    names.append(d.name)
                    let v = trace.value(program.derivedNodes[i], -1) ?? Slot.unknown
                    out.append(ReadValue(subject: .derived(i), value: ShownValue(slot: v, type: d.expr.type, program: program)))
                    names += underlyingNames(d.expr).filter { !names.contains($0) }
                }
            case .condition(let i):
                let c = rules.conditions[i]
                if !names.contains(c.name) {
                    names.append(c.name)
                    out.append(ReadValue(subject: .condition(i), value: .truth(trace.truth(program.conditionNodes[i], -1))))
                    names += underlyingNames(c.expr).filter { !names.contains($0) }
                }
            case .quantifier(_, let fact, _, _):
                if !names.contains(rules.facts[fact].name) {
                    names.append(rules.facts[fact].name)
                    out.append(ReadValue(subject: .fact(fact), value: show(fact: fact)))
                }
                return
            case .byDate: return
            default: break
            }
            switch e.kind {
            case .call(_, let a), .not(let a), .unless(let a), .shiftDate(let a, _, _): visit(a)
            case .arithmetic(_, let a, let b), .compare(_, let a, let b): visit(a); visit(b)
            case .between(let a, let b, let c): visit(a); visit(b); visit(c)
            case .member(let a, _, _, _): visit(a)
            case .all(let xs), .any(let xs): xs.forEach(visit)
            default: break
            }
        }
        visit(e)
        return (out, names)
    }

    /// Every fact, assessment, derived value and condition an expression
    /// reads, directly or through derived values and named conditions.
    func underlyingNames(_ e: CheckedExpr) -> [String] {
        var names: [String] = []
        // Each derived value and condition is walked once (record derived
        // values apart: `child.age` is not `age`).
        var walked: Set<[Int]> = []
        func add(_ n: String) { if !names.contains(n) { names.append(n) } }
        func visit(_ e: CheckedExpr, _ depth: Int) {
            guard depth < 64 else { return }
            e.walk { x in
                switch x.kind {
                case .fact(.citizen(let i)): add(rules.facts[i].name)
                case .fact(.element(let r, let f)):
                    if let li = rules.facts.firstIndex(where: { if case .list(r) = $0.type { return true } else { return false } }) { add(rules.facts[li].name) }
                    add("\(rules.records[r].name).\(rules.records[r].fields[f].name)")
                case .assessment(let a): add(rules.assessments[a].name)
                case .derived(let r, let i):
                    let d = r.map { rules.records[$0].derived[i] } ?? rules.derived[i]
                    add(d.name)
                    if walked.insert([0, r ?? -1, i]).inserted { visit(d.expr, depth + 1) }
                case .condition(let i):
                    add(rules.conditions[i].name)
                    if walked.insert([1, i]).inserted { visit(rules.conditions[i].expr, depth + 1) }
                case .quantifier(_, let fact, _, _): add(rules.facts[fact].name)
                default: break
                }
            }
        }
        visit(e, 0)
        return names
    }

    // MARK: Reasons

    func reasons(_ o: CompiledOffer, _ p: Matcher.Parts) -> [Reason] {
        let offer = rules.offers[o.index]
        var out: [Reason] = []
        if offer.planned != nil {
            out.append(Reason(kind: .planned, subject: .planned(offer: o.index), values: [], outcome: .no, range: offer.declared, facts: []))
        }
        if offer.validFrom != nil || offer.validTo != nil {
            out.append(Reason(kind: .validity, subject: .validity(offer: o.index),
                              values: [ReadValue(subject: .evaluationDate, value: .date(today))], outcome: p.valid ? .yes : .no,
                              range: offer.validRange ?? offer.declared, facts: []))
        }
        if offer.municipality != nil, let mf = rules.municipalityFact {
            out.append(Reason(kind: .municipality, subject: .municipality(offer: o.index),
                              values: [ReadValue(subject: .fact(mf), value: show(fact: mf))], outcome: p.municipality,
                              range: offer.municipalityRange ?? offer.declared, facts: ["municipality"]))
        }
        if o.eligible >= 0 {
            let root = program.nodes[Int(o.eligible)]
            let items: [Int32] = root.op == .all ? Array(program.operands[Int(root.a)..<Int(root.a + root.b)]) : [o.eligible]
            for (k, n) in items.enumerated() {
                let e = program.exprs[Int(program.nodes[Int(n)].expr)]
                let (vals, names) = values(e)
                out.append(Reason(kind: k < o.targetCount ? .target : .condition, subject: .condition(e), values: vals,
                                  outcome: trace.truth(n, -1) ?? .unknown, range: e.range, facts: names))
            }
        }
        for (k, r) in offer.requires.enumerated() {
            let a = rules.assessments[r.assessment]
            out.append(Reason(kind: .assessment, subject: .assessment(r.assessment),
                              values: [ReadValue(subject: .assessment(r.assessment), value: show(assessment: r.assessment))], outcome: p.requires[k],
                              range: r.range, facts: [a.name]))
        }
        // The deciding reasons first: failures for an ineligible citizen,
        // unknowns for an undetermined one; order kept otherwise.
        let deciding: Truth = p.overall
        return out.enumerated().sorted { a, b in
            let x = a.element.outcome == deciding, y = b.element.outcome == deciding
            return x != y ? x : a.offset < b.offset
        }.map(\.element)
    }

    // MARK: Missing facts

    func missing(_ o: CompiledOffer, _ p: Matcher.Parts) -> [Missing] {
        var out: [Missing] = []
        if p.municipality == .unknown, let mf = rules.municipalityFact {
            out.append(Missing(name: rules.facts[mf].name, isAssessment: false, path: rules.facts[mf].name))
        }
        seen.unknown = []
        if o.eligible >= 0, p.conditions == .unknown { collectUnknown(o.eligible, -1, -1, &out) }
        for (k, r) in rules.offers[o.index].requires.enumerated() where p.requires[k] == .unknown {
            let name = rules.assessments[r.assessment].name
            out.append(Missing(name: name, isAssessment: true, path: name))
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0.path).inserted }
    }

    func isUnknown(_ n: Int32, _ element: Int32) -> Bool {
        if let t = trace.truth(n, element) { return t == .unknown }
        if let v = trace.value(n, element) { return v == Slot.unknown }
        return false
    }

    /// Collects the unknown facts under an unknown node: exactly those that
    /// could change its value. Recursive through named conditions, so kept
    /// small, as `tree` is: the leaves have functions of their own.
    func collectUnknown(_ n: Int32, _ element: Int32, _ list: Int, _ out: inout [Missing]) {
        // What a node adds once it adds again (`missing` keeps the first of each path).
        guard isUnknown(n, element), seen.unknown.insert(Explainer.key(n, element)).inserted else { return }
        let node = program.nodes[Int(n)]
        switch node.op {
        case .fact, .field:
            out.append(missingFact(node, element, list))
        case .quantAny, .quantAll, .count:
            collectUnknownInList(node, &out)
        case .all, .any, .byDate:
            let count = node.op == .byDate ? Int(node.b) * 2 : Int(node.b)
            for i in 0..<count { collectUnknown(program.operands[Int(node.a) + i], element, list, &out) }
        case .constant, .today: break
        default:
            for k in 0..<3 {
                let c = k == 0 ? node.a : (k == 1 ? node.b : node.c)
                if c >= 0, Int(c) < program.nodes.count, hasChild(node.op, c, node) { collectUnknown(c, element, list, &out) }
            }
        }
    }

    func collectUnknownInList(_ node: Node, _ out: inout [Missing]) {
        let li = Int(node.a)
        if facts.listCount[li] < 0 {
            out.append(missingList(li))
            return
        }
        let width = Int32(program.lists[li].fieldCount)
        for e in 0..<facts.listCount[li] {
            collectUnknown(node.b, facts.listStart[li] + e * width, li, &out)
        }
    }

    /// The unknown fact, assessment or list element's field a `.fact` or `.field` node reads.
    func missingFact(_ node: Node, _ element: Int32, _ list: Int) -> Missing {
        if node.op == .fact {
            let owner = program.slotOwner[Int(node.a)]
            let name = owner.isAssessment ? rules.assessments[owner.index].name : rules.facts[owner.index].name
            return Missing(name: name, isAssessment: owner.isAssessment, path: name)
        }
        let layout = program.lists[list]
        let factName = rules.facts[layout.fact].name
        let field = rules.records[layout.record].fields[Int(node.a)].name
        let k = (Int(element) - Int(facts.listStart[list])) / max(1, layout.fieldCount) + 1
        return Missing(name: factName, isAssessment: false, path: "\(factName)[\(k)].\(field)")
    }

    /// A list fact that is itself unknown.
    func missingList(_ li: Int) -> Missing {
        let name = rules.facts[program.lists[li].fact].name
        return Missing(name: name, isAssessment: false, path: name)
    }

    /// Whether operand `c` of `node` is a child node (not an immediate).
    func hasChild(_ op: Op, _ c: Int32, _ node: Node) -> Bool {
        switch op {
        case .yearsSince, .monthsSince, .weeksSince, .daysSince, .truthOf, .not, .named, .shiftDate:
            return c == node.a
        case .add, .subtract, .compare:
            return c == node.a || c == node.b
        case .between:
            return true
        case .member, .notMember:
            return c == node.a
        default:
            return false
        }
    }

    // MARK: Deadlines, details, ladder

    func deadlines(_ o: CompiledOffer, _ ev: inout Evaluator<ExplainTrace>) -> [DeadlineResult] {
        let offer = rules.offers[o.index]
        return o.deadlines.enumerated().map { k, d in
            let due = ev.value(d.due, facts)
            let earliest = d.earliest >= 0 ? ev.value(d.earliest, facts) : Slot.unknown
            func day(_ v: Int64) -> Day? {
                v == Slot.unknown || v == Slot.none ? nil : Day(number: Int32(truncatingIfNeeded: v))
            }
            let dueDay = day(due)
            var waits: [Missing] = []
            if due == Slot.unknown { collectUnknown(d.due, -1, -1, &waits) }
            var seen = Set<String>()
            return DeadlineResult(label: offer.deadlines[k].label, due: dueDay, earliest: day(earliest),
                                  passed: dueDay.map { $0 < today } ?? false,
                                  waitsFor: waits.map(\.path).filter { seen.insert($0).inserted })
        }
    }

    func details(_ i: Int, _ ev: inout Evaluator<ExplainTrace>) -> [DetailResult] {
        let offer = rules.offers[i]
        var out: [DetailResult] = []
        for (k, d) in offer.details.enumerated() {
            let nodes = program.detailNodes[i][k]
            var r = DetailResult(name: d.name, label: d.label, chosen: nil, listed: nil, waitsFor: [])
            switch d.kind {
            case .cases(let cases):
                for (c, node) in zip(cases, nodes) {
                    let t: Truth = node < 0 ? .yes : ev.truth(node, facts)
                    if t == .yes { r.chosen = c.text; break }
                    if t == .unknown {
                        var m: [Missing] = []
                        Explainer(program: program, trace: ev.tracer, facts: facts, profile: profile, today: today).collectUnknown(node, -1, -1, &m)
                        r.waitsFor = Array(Set(m.map(\.name))).sorted()
                        break
                    }
                }
            case .lists(let fact, _, _):
                let li = Int(program.listOfFact[fact])
                let width = Int32(program.lists[li].fieldCount)
                if facts.listCount[li] < 0 { r.waitsFor = [rules.facts[fact].name]; break }
                var listed: [DetailResult.Listed] = []
                for e in 0..<facts.listCount[li] {
                    let t = ev.truth(nodes[0], facts, facts.listStart[li] + e * width)
                    if t == .no { continue }
                    var born: Day?
                    if case .list(let rows)? = profile.facts[fact], let bi = rules.records[program.lists[li].record].fields.firstIndex(where: { $0.name == "birth_date" }),
                       Int(e) < rows.count, bi < rows[Int(e)].count, case .date(let b)? = rows[Int(e)][bi] {
                        born = b
                    }
                    listed.append(DetailResult.Listed(number: Int(e) + 1, born: born, pending: t == .unknown))
                }
                r.listed = listed
            }
            out.append(r)
        }
        return out
    }

    func ladder(_ i: Int, _ f: Facts) -> LadderResult? {
        guard let l = rules.offers[i].ladder else { return nil }
        var ev = Evaluator(program: program, today: today, tracer: NoTrace())
        let v = f.values[Int(program.assessmentSlot[l.assessment])]
        let nodes = program.ladderStepNodes[i]
        var steps: [LadderResult.StepResult] = []
        var recommended: String?
        var decided = false
        for (k, s) in l.steps.enumerated() {
            let title = s.title
            if v == Slot.unknown {
                steps.append(.init(id: s.id, title: title, note: .awaitsAssessment, applies: .unknown))
                continue
            }
            if k < Int(v) {
                steps.append(.init(id: s.id, title: title, note: .aboveFeasible, applies: .no))
                continue
            }
            if decided {
                steps.append(.init(id: s.id, title: title, note: .lowerStep, applies: .no))
                continue
            }
            let t: Truth = nodes[k] < 0 ? .yes : ev.untracedTruth(nodes[k], f)
            switch t {
            case .yes:
                recommended = s.id
                decided = true
                steps.append(.init(id: s.id, title: title, note: .recommended, applies: .yes))
            case .no:
                steps.append(.init(id: s.id, title: title, note: .conditionNotMet, applies: .no))
            case .unknown:
                decided = true
                steps.append(.init(id: s.id, title: title, note: .dependsOnMissing, applies: .unknown))
            }
        }
        return LadderResult(recommended: recommended, steps: steps)
    }
}
