import RulesDSL

/// Coverage of a rule set by its own tests:
/// - every offer seen eligible, ineligible and undetermined (a planned
///   offer can only be ineligible);
/// - every atomic condition (a comparison, range, membership or yes/no fact)
///   seen both true and false;
/// - every comparison with a fixed bound seen on both sides of it: the value
///   at the boundary and the next one out (`age <= 17`: 17 and 18).
public struct Coverage: Sendable {
    /// What the tests leave out, as a value.
    package enum Gap: Sendable {
        /// Offer `offer` is never seen with `status`.
        case status(offer: Int, Status)
        /// The condition is never seen true (or false).
        case truth(CheckedExpr, Bool)
        /// The condition is never tested with `value`, on `side` of its boundary.
        case boundary(CheckedExpr, value: ShownValue, side: Side)
    }
    package enum Side: String, Sendable { case below, at, above }
    /// One thing the tests leave out (worded by `TestReport.coverage(_:)`).
    public struct Item: Sendable {
        package var gap: Gap
        /// Where the offer or condition is written in the rule files.
        public package(set) var range: SourceRange
    }
    /// How many things there are to cover.
    public package(set) var total = 0
    /// How many of them the tests cover.
    public package(set) var covered = 0
    /// What the tests leave out, in the order of the rule files.
    public package(set) var uncovered: [Item] = []

    /// The share covered, from 0 to 100 (100 when there is nothing to cover).
    public var percent: Double { total == 0 ? 100 : Double(covered) * 100 / Double(total) }

    /// An atomic condition node and, for comparisons with a constant, the
    /// boundary values to see.
    struct Atom {
        var node: Int32
        var range: SourceRange
        /// The node whose value is compared, and the two values to see.
        var subject: Int32 = -1
        var boundary: [(value: Int64, side: Side)] = []
    }

    /// Finds the atoms reachable from every offer's conditions, details and ladder steps.
    static func atoms(_ program: Program) -> [Atom] {
        var seen = Set<Int32>()
        var atoms: [Atom] = []
        func visit(_ n: Int32) {
            guard n >= 0, seen.insert(n).inserted else { return }
            let node = program.nodes[Int(n)]
            let range = node.expr >= 0 ? program.exprs[Int(node.expr)].range : .none
            switch node.op {
            case .compare:
                var a = Atom(node: n, range: range)
                let l = program.nodes[Int(node.a)], r = program.nodes[Int(node.b)]
                var cmp = Comparison(rawValue: node.c)!
                var subject = node.a
                var k: Int64?
                if r.op == .constant { k = r.imm } else if l.op == .constant {
                    k = l.imm
                    subject = node.b
                    cmp = [.lt: .gt, .le: .ge, .gt: .lt, .ge: .le][cmp] ?? cmp
                }
                let sx = program.nodes[Int(subject)].expr
                let type = sx >= 0 ? program.exprs[Int(sx)].type : .error
                if let k, type == .int || type == .date {
                    a.subject = subject
                    switch cmp {
                    case .lt: a.boundary = [(k - 1, .below), (k, .at)]
                    case .le: a.boundary = [(k, .at), (k + 1, .above)]
                    case .gt: a.boundary = [(k, .at), (k + 1, .above)]
                    case .ge: a.boundary = [(k - 1, .below), (k, .at)]
                    default: break
                    }
                }
                atoms.append(a)
                visit(node.a); visit(node.b)
            case .between:
                var a = Atom(node: n, range: range)
                let lo = program.nodes[Int(node.b)], hi = program.nodes[Int(node.c)]
                if lo.op == .constant, hi.op == .constant {
                    a.subject = node.a
                    a.boundary = [(lo.imm - 1, .below), (lo.imm, .at), (hi.imm, .at), (hi.imm + 1, .above)]
                }
                atoms.append(a)
                visit(node.a)
            case .member, .notMember, .truthOf:
                atoms.append(Atom(node: n, range: range))
                visit(node.a)
            case .not, .named: visit(node.a)
            case .all, .any:
                for i in 0..<Int(node.b) { visit(program.operands[Int(node.a) + i]) }
            case .quantAny, .quantAll, .count: visit(node.b)
            case .add, .subtract: visit(node.a); visit(node.b)
            case .yearsSince, .monthsSince, .weeksSince, .daysSince, .shiftDate: visit(node.a)
            case .byDate:
                for i in 0..<Int(node.b) { visit(program.operands[Int(node.a) + 2 * i + 1]) }
            default: break
            }
        }
        for (i, o) in program.offers.enumerated() {
            visit(o.eligible)
            for d in program.detailNodes[i] { d.forEach(visit) }
            program.ladderStepNodes[i].forEach(visit)
        }
        return atoms
    }

    /// Measures what the tests in `report` cover; run them with `keepResults: true`.
    public static func measure(matcher: Matcher, report: RuleTestRunner.Report) -> Coverage {
        let program = matcher.program
        var c = Coverage()
        // Offers in every status.
        for (i, o) in matcher.rules.offers.enumerated() {
            let seen = Set(report.observed.filter { $0.result.offer == i }.map(\.result.status))
            for s in Status.allCases {
                if o.planned != nil, s != .ineligible { continue }
                c.total += 1
                if seen.contains(s) { c.covered += 1 } else {
                    c.uncovered.append(Item(gap: .status(offer: i, s), range: o.declared))
                }
            }
        }
        // Atoms and boundaries, from a complete trace of every test evaluation.
        let atoms = Coverage.atoms(program)
        var truths = [Set<UInt8>](repeating: [], count: atoms.count)
        var values = [Set<Int64>](repeating: [], count: atoms.count)
        var index: [Int32: Int] = [:]
        for (k, a) in atoms.enumerated() { index[a.node] = k }
        for obs in report.observed {
            var ev = Evaluator(program: program, today: obs.day, tracer: ExplainTrace())
            let i = obs.result.offer
            let o = program.offers[i]
            if o.eligible >= 0 { _ = ev.truth(o.eligible, obs.facts) }
            for (k, d) in program.detailNodes[i].enumerated() {
                if case .lists(let fact, _, _) = matcher.rules.offers[i].details[k].kind {
                    let li = Int(program.listOfFact[fact])
                    let width = Int32(program.lists[li].fieldCount)
                    for e in 0..<max(0, obs.facts.listCount[li]) { _ = ev.truth(d[0], obs.facts, obs.facts.listStart[li] + e * width) }
                } else {
                    for n in d where n >= 0 { _ = ev.truth(n, obs.facts) }
                }
            }
            for n in program.ladderStepNodes[i] where n >= 0 { _ = ev.truth(n, obs.facts) }
            for (key, t) in ev.tracer.truths {
                let node = Int32(key >> 32)
                guard let k = index[node] else { continue }
                truths[k].insert(t.rawValue)
                if atoms[k].subject >= 0, let v = ev.tracer.value(atoms[k].subject, Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)) {
                    values[k].insert(v)
                }
            }
        }
        for (k, a) in atoms.enumerated() {
            let e = program.exprs[Int(program.nodes[Int(a.node)].expr)]
            for t in [Truth.yes, Truth.no] {
                c.total += 1
                if truths[k].contains(t.rawValue) { c.covered += 1 } else {
                    c.uncovered.append(Item(gap: .truth(e, t == .yes), range: a.range))
                }
            }
            let subjectExpr = a.subject >= 0 ? program.nodes[Int(a.subject)].expr : -1
            let type = subjectExpr >= 0 ? program.exprs[Int(subjectExpr)].type : .int
            // A value outside the fact's declared range cannot occur.
            let possible = program.declaredRange(of: a.subject)
            for (v, side) in a.boundary {
                if let possible, !possible.contains(v) { continue }
                c.total += 1
                if values[k].contains(v) { c.covered += 1 } else {
                    let shown: ShownValue = type == .date ? .date(Day(number: Int32(truncatingIfNeeded: v))) : .int(v)
                    c.uncovered.append(Item(gap: .boundary(e, value: shown, side: side), range: a.range))
                }
            }
        }
        c.uncovered.sort { ($0.range.file, $0.range.start) < ($1.range.file, $1.range.start) }
        return c
    }
}
