import RulesDSL

/// Finds where time alone changes a decision: the dates between which a
/// citizen is eligible, or the first date she becomes eligible.
///
/// A decision can change only on a few dates: a birthday that crosses an age
/// bound, a date fact plus a duration, a validity boundary, a `by date`
/// entry. Those candidates come from the rules' constants and the citizen's
/// own dates (read off the trace); between two candidates the decision is
/// constant, so evaluating it on each candidate finds every change.
struct WindowFinder {
    let matcher: Matcher
    let facts: Facts
    let trace: ExplainTrace

    var program: Program { matcher.program }

    /// The numbers of years, months, weeks or days after a citizen's date
    /// at which a decision can change: every integer constant of the rules
    /// (and its neighbours) from 0 to 1,500. They depend on the program
    /// alone, so the matcher computes them once (`Matcher.windowSteps`), not
    /// once per offer: that scan of every node made `match` quadratic in the
    /// number of offers.
    static func steps(_ program: Program) -> [Int] {
        var ints = Set<Int>()
        for n in program.nodes where n.op == .constant {
            if let e = n.expr >= 0 ? program.exprs[Int(n.expr)] : nil, e.type == .int { ints.insert(Int(n.imm)) }
        }
        for c in program.constants { if abs(c) < 2000 { ints.insert(Int(c)) } }
        return Set(ints.flatMap { [$0 - 1, $0, $0 + 1] }).filter { $0 >= 0 && $0 <= 1500 }.sorted()
    }

    func candidates(_ o: CompiledOffer) -> [Int64] {
        var set = Set<Int64>()
        let steps = matcher.windowSteps
        for (key, v) in trace.values {
            let node = program.nodes[Int(key >> 32)]
            guard v != Slot.unknown, v != Slot.none else { continue }
            let element = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
            switch node.op {
            case .yearsSince, .monthsSince, .weeksSince, .daysSince:
                guard let d = trace.value(node.a, element), d != Slot.unknown, d != Slot.none else { continue }
                let day = Day(number: Int32(truncatingIfNeeded: d))
                for k in steps {
                    switch node.op {
                    case .yearsSince: if k <= 130 { set.insert(Int64(day.adding(years: k).number)) }
                    case .monthsSince: set.insert(Int64(day.adding(months: k).number))
                    case .weeksSince: set.insert(d + Int64(7 * k))
                    default: set.insert(d + Int64(k))
                    }
                }
            case .byDate:
                for i in 0..<Int(node.b) { set.insert(program.nodes[Int(program.operands[Int(node.a) + 2 * i])].imm) }
            default:
                if node.expr >= 0, program.exprs[Int(node.expr)].type == .date, node.op != .today {
                    set.insert(v)
                    set.insert(v + 1)
                }
            }
        }
        if let f = o.validFrom { set.insert(Int64(f)) }
        if let t = o.validTo { set.insert(Int64(t) + 1) }
        return set.sorted()
    }

    func eligible(_ o: CompiledOffer, on day: Int64) -> Bool {
        guard day > Int64(Int32.min), day < Int64(Int32.max) else { return false }
        var ev = Evaluator(program: program, today: Day(number: Int32(day)), tracer: NoTrace())
        return matcher.status(offer: o.index, facts, &ev) == .eligible
    }

    func window(_ o: CompiledOffer, today: Day) -> Window? {
        let t = Int64(today.number)
        let cs = candidates(o)
        var from: Int64?
        for c in cs.reversed() where c <= t {
            if !eligible(o, on: c - 1) { from = c; break }
        }
        var until: Int64?
        for c in cs where c > t {
            if !eligible(o, on: c) { until = c - 1; break }
        }
        if from == nil, until == nil { return nil }
        return Window(from: from.map { Day(number: Int32($0)) }, until: until.map { Day(number: Int32($0)) })
    }

    func eligibleFrom(_ o: CompiledOffer, today: Day) -> Day? {
        let t = Int64(today.number)
        for c in candidates(o) where c > t {
            if eligible(o, on: c) { return Day(number: Int32(c)) }
        }
        return nil
    }
}
