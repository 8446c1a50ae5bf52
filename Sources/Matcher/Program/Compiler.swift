import RulesDSL

/// Compiles a checked rule set into a `Program`.
@usableFromInline package struct Compiler {
    var program: Program
    var derivedCache: [Int: Int32] = [:]
    var conditionCache: [Int: Int32] = [:]

    @usableFromInline package static func compile(_ rules: RuleSet) -> Program {
        var c = Compiler(program: Program(rules: rules))
        c.run()
        return c.program
    }

    mutating func run() {
        let rules = program.rules
        var slot: Int32 = 0
        for (i, f) in rules.facts.enumerated() {
            if case .list(let r) = f.type {
                program.factSlot.append(-1)
                program.listOfFact.append(Int32(program.lists.count))
                program.lists.append(ListLayout(fact: i, record: r, fieldCount: rules.records[r].fields.count))
            } else {
                program.factSlot.append(slot)
                program.slotOwner.append((false, i))
                program.listOfFact.append(-1)
                slot += 1
            }
        }
        for i in rules.assessments.indices {
            program.assessmentSlot.append(slot)
            program.slotOwner.append((true, i))
            slot += 1
        }
        program.slotCount = Int(slot)
        if let m = rules.municipalityFact { program.municipalitySlot = program.factSlot[m] }
        program.derivedNodes = rules.derived.indices.map { derived($0) }
        program.conditionNodes = rules.conditions.indices.map { condition($0) }
        program.appliesNodes = rules.facts.map { f in f.applies.map { compile($0) } ?? -1 }
        program.appliesChecks = rules.facts.indices.compactMap { i in
            program.appliesNodes[i] >= 0 && program.factSlot[i] >= 0 ? (program.factSlot[i], program.appliesNodes[i]) : nil
        }
        program.appliesLists = rules.facts.indices.compactMap { i in
            program.appliesNodes[i] >= 0 && program.listOfFact[i] >= 0 ? (program.listOfFact[i], program.appliesNodes[i]) : nil
        }
        for o in rules.offers { compileOffer(o) }
    }

    mutating func add(_ n: Node) -> Int32 {
        program.nodes.append(n)
        return Int32(program.nodes.count - 1)
    }

    mutating func exprIndex(_ e: CheckedExpr) -> Int32 {
        program.exprs.append(e)
        return Int32(program.exprs.count - 1)
    }

    mutating func intern(_ s: String) -> Int64 {
        if let i = program.stringIDs[s] { return i }
        program.strings.append(s)
        program.stringIDs[s] = Int64(program.strings.count - 1)
        return Int64(program.strings.count - 1)
    }

    mutating func constant(_ c: Constant) -> Int64 {
        switch c {
        case .bool(let b): return b ? 1 : 0
        case .int(let v): return Int64(v)
        case .date(let d): return Int64(d.number)
        case .string(let s): return intern(s)
        case .enumValue(_, let v): return Int64(v)
        case .duration(let d): return Int64(d.amount)
        }
    }

    mutating func derived(_ i: Int) -> Int32 {
        if let n = derivedCache[i] { return n }
        let n = compile(program.rules.derived[i].expr)
        if program.nodes[Int(n)].memo < 0, program.nodes[Int(n)].op != .constant {
            program.nodes[Int(n)].memo = Int32(program.memoCount)
            program.memoCount += 1
        }
        derivedCache[i] = n
        return n
    }

    mutating func condition(_ i: Int) -> Int32 {
        if let n = conditionCache[i] { return n }
        let ci = program.rules.conditions[i]
        let body = compile(ci.expr)
        let n = add(Node(op: .named, a: body, imm: Int64(i), expr: exprIndex(ci.expr), memo: Int32(program.memoCount)))
        program.memoCount += 1
        conditionCache[i] = n
        return n
    }

    /// Compiles an expression to a node; returns its index.
    mutating func compile(_ e: CheckedExpr) -> Int32 {
        let x = exprIndex(e)
        switch e.kind {
        case .constant(let c):
            if case .bool(let b) = c { return add(Node(op: .constant, imm: b ? 1 : 0, expr: x)) }
            return add(Node(op: .constant, imm: constant(c), expr: x))
        case .today:
            return add(Node(op: .today, expr: x))
        case .fact(.citizen(let i)):
            let n = add(Node(op: .fact, a: program.factSlot[i], expr: x))
            return e.type == .bool ? add(Node(op: .truthOf, a: n, expr: x)) : n
        case .fact(.element(_, let f)):
            let n = add(Node(op: .field, a: Int32(f), expr: x))
            return e.type == .bool ? add(Node(op: .truthOf, a: n, expr: x)) : n
        case .assessment(let a):
            let n = add(Node(op: .fact, a: program.assessmentSlot[a], expr: x))
            return e.type == .bool ? add(Node(op: .truthOf, a: n, expr: x)) : n
        case .derived(let r, let i):
            if let r { return compile(program.rules.records[r].derived[i].expr) }
            return derived(i)
        case .condition(let i):
            return condition(i)
        case .call(let b, let arg):
            let a = compile(arg)
            let op: Op
            switch b {
            case .yearsSince: op = .yearsSince
            case .monthsSince: op = .monthsSince
            case .weeksSince: op = .weeksSince
            case .daysSince: op = .daysSince
            }
            return add(Node(op: op, a: a, expr: x))
        case .shiftDate(let d, let dur, let sign):
            let a = compile(d)
            let unit = Int32(DurationUnit.allCases.firstIndex(of: dur.unit)!)
            // The checker keeps `dur.amount` within `Duration.limit` (< 2^31).
            return add(Node(op: .shiftDate, a: a, b: Int32(clamping: dur.amount) * Int32(sign), c: unit, expr: x))
        case .arithmetic(let op, let l, let r):
            let a = compile(l), b = compile(r)
            return add(Node(op: op == .plus ? .add : .subtract, a: a, b: b, expr: x))
        case .compare(let op, let l, let r):
            let a = compile(l), b = compile(r)
            return add(Node(op: .compare, a: a, b: b, c: Comparison(op).rawValue, expr: x))
        case .between(let v, let lo, let hi):
            let a = compile(v), b = compile(lo), c = compile(hi)
            return add(Node(op: .between, a: a, b: b, c: c, expr: x))
        case .member(let v, let values, let negated, _):
            let a = compile(v)
            let start = Int32(program.constants.count)
            for k in values { program.constants.append(constant(k)) }
            return add(Node(op: negated ? .notMember : .member, a: a, b: start, c: Int32(program.constants.count), expr: x))
        case .not(let inner), .unless(let inner):
            let a = compile(inner)
            return add(Node(op: .not, a: a, expr: x))
        case .all(let items), .any(let items):
            let children = items.map { compile($0) }
            let start = Int32(program.operands.count)
            program.operands += children
            var isAll = false
            if case .all = e.kind { isAll = true }
            return add(Node(op: isAll ? .all : .any, a: start, b: Int32(children.count), expr: x))
        case .quantifier(let q, let fact, _, let body):
            let b = compile(body)
            let list = program.listOfFact[fact]
            let op: Op = q == .any ? .quantAny : (q == .all ? .quantAll : .count)
            return add(Node(op: op, a: list, b: b, expr: x))
        case .byDate(let entries):
            var pairs: [Int32] = []
            for (d, v) in entries {
                pairs.append(add(Node(op: .constant, imm: Int64(d.number))))
                pairs.append(compile(v))
            }
            let start = Int32(program.operands.count)
            program.operands += pairs
            return add(Node(op: .byDate, a: start, b: Int32(entries.count), expr: x))
        }
    }

    mutating func compileOffer(_ o: Offer) {
        let index = program.offers.count
        var c = CompiledOffer(index: index, planned: o.planned != nil, requires: [], deadlines: [])
        if case .group(let t) = o.target, case .all(let targetItems) = t.kind {
            // The target group's items, then the conditions: one conjunction,
            // so that every path decides a member outside the group `no`.
            var items = targetItems
            if let e = o.eligible {
                if case .all(let more) = e.kind { items += more } else { items.append(e) }
            }
            c.eligible = compile(CheckedExpr(.all(items), .bool, o.eligible?.range ?? t.range))
            c.targetCount = targetItems.count
            c.target = compile(t)
        } else if let e = o.eligible {
            c.eligible = compile(e)
        }
        c.municipality = o.municipalityValue.map(Int64.init)
        c.validFrom = o.validFrom?.number
        c.validTo = o.validTo?.number
        c.requires = o.requires.map { program.assessmentSlot[$0.assessment] }
        c.deadlines = o.deadlines.map { d in (compile(d.due), d.earliest.map { compile($0) } ?? -1) }
        var details: [[Int32]] = []
        for d in o.details {
            switch d.kind {
            case .cases(let cases): details.append(cases.map { $0.condition.map { compile($0) } ?? -1 })
            case .lists(_, _, let cond): details.append([compile(cond)])
            }
        }
        program.detailNodes.append(details)
        program.ladderStepNodes.append(o.ladder?.steps.map { $0.condition.map { compile($0) } ?? -1 } ?? [])
        program.offers.append(c)
    }
}
