import RulesDSL

/// Checks that the tests pin down every boundary: each bound of a
/// comparison (`age <= 17`) is moved by one in each direction (16, 18), and
/// some test's expected status must then fail. A boundary no test notices is
/// reported as a survivor.
public struct BoundaryMutations {
    /// A moved bound that no test notices: in condition `condition`, the
    /// bound `original` became `mutated`.
    public struct Survivor: Sendable {
        package var condition: CheckedExpr
        /// The bound as written.
        public package(set) var original: ShownValue
        /// The bound moved by one, which no test notices.
        public package(set) var mutated: ShownValue
        /// Where the condition is written in the rule files.
        public package(set) var range: SourceRange
    }

    /// The matcher of the rules whose tests are checked.
    public let matcher: Matcher

    /// Checks the tests of `matcher`'s rule set.
    public init(matcher: Matcher) { self.matcher = matcher }

    /// The mutants that no test's expected status detects.
    public func survivors(defaultDate: Day) -> (mutants: Int, survivors: [Survivor]) {
        let program = matcher.program
        let tests = matcher.rules.tests
        // Each expectation is decided on its member's profile (issue 11), and
        // the facts on the mutated program: a bound in a fact's `for` moves
        // who the fact applies to.
        let profiles = tests.map { t in t.expectations.map { RuleTestRunner.profile(of: $0.member, in: t.profile, matcher) } }
        var mutants = 0
        var survivors: [Survivor] = []
        for atom in Coverage.atoms(program) where !atom.boundary.isEmpty {
            let node = program.nodes[Int(atom.node)]
            let bounds: [Int32] = node.op == .between ? [node.b, node.c] : [program.nodes[Int(node.a)].op == .constant ? node.a : node.b]
            for bound in bounds {
                for delta in [-1, 1] as [Int64] {
                    // Moving a bound further outside the fact's own range
                    // changes nothing (grade 0 → -1 when grades run 0–10).
                    let original = program.nodes[Int(bound)].imm
                    if let r = program.declaredRange(of: atom.subject), (original <= r.lowerBound && delta < 0) || (original >= r.upperBound && delta > 0) {
                        continue
                    }
                    var mutated = program
                    mutated.nodes[Int(bound)].imm += delta
                    let m = Matcher(program: mutated)
                    let runner = RuleTestRunner(matcher: m)
                    mutants += 1
                    var killed = false
                    outer: for (ti, t) in tests.enumerated() {
                        let day = t.date ?? defaultDate
                        for (k, e) in t.expectations.enumerated() {
                            let profile = profiles[ti][k]
                            let facts = m.facts(profile, today: day)
                            switch e.expect {
                            case .status(let s, _, _):
                                if m.status(offer: e.offer, facts: facts, today: day).rawValue != s.rawValue {
                                    killed = true
                                    break outer
                                }
                            case .detail, .step, .deadline:
                                let r = m.evaluate(offer: e.offer, facts: facts, profile: profile, today: day)
                                if runner.check(e.expect, r) != nil {
                                    killed = true
                                    break outer
                                }
                            }
                        }
                    }
                    if !killed {
                        let e = program.exprs[Int(node.expr)]
                        let type = program.exprs[Int(program.nodes[Int(atom.subject)].expr)].type
                        func show(_ v: Int64) -> ShownValue { type == .date ? .date(Day(number: Int32(truncatingIfNeeded: v))) : .int(v) }
                        survivors.append(Survivor(condition: e, original: show(original), mutated: show(original + delta), range: atom.range))
                    }
                }
            }
        }
        return (mutants, survivors)
    }
}
