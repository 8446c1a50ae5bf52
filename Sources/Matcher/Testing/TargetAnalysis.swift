import RulesDSL

/// Checks that every offer reads only facts that can apply to the people it
/// is for: a fact with a `for { … }` block (a school grade, for pupils) read
/// by an offer whose own `for` takes in people outside that block (an offer
/// for everyone) is a finding, with an example person (MatchService words it
/// as the warning `fact-outside-target`). Such a fact has no value for those people, so the
/// condition fails for them whatever they are like: usually the offer's
/// `for` should say so.
///
/// The people tried are persons of every age from 0 to 100 (born on 1
/// January, judged on 1 June 2021), of each gender the schema knows and of
/// none, every other fact unknown.
public struct TargetAnalysis {
    /// The matcher of the rules analysed.
    public let matcher: Matcher

    /// Analyses `matcher`'s rule set.
    public init(matcher: Matcher) { self.matcher = matcher }

    /// One offer that reads a fact outside its target group.
    public struct Finding: Sendable {
        /// The offer, by index in `RuleSet.offers`.
        public let offer: Int
        /// The fact, by index in `RuleSet.facts`.
        public let fact: Int
        /// A person the offer is for and the fact cannot apply to: an age, and a gender value's id or nil.
        public let age: Int
        public let gender: String?
    }

    /// The findings, one per offer and fact, in the rules' order.
    public func findings() -> [Finding] {
        let program = matcher.program, rules = matcher.rules
        guard rules.personRecord != nil || !program.appliesChecks.isEmpty,
              let birth = rules.factIndex("birth_date"), program.factSlot[birth] >= 0 else { return [] }
        let today = Day("2021-06-01")!
        var probes: [(facts: Facts, age: Int, gender: String?)] = []
        let gender = rules.factIndex("gender")
        var genders: [(Int64, String)?] = [nil]
        if let g = gender, case .enumeration(let e) = rules.facts[g].type, program.factSlot[g] >= 0 {
            genders += rules.enums[e].values.enumerated().map { (Int64($0.offset), $0.element) }
        }
        var ev = Evaluator(program: program, today: today, tracer: NoTrace())
        for age in 0...100 {
            for g in genders {
                var f = Facts(program: program)
                f.values[Int(program.factSlot[birth])] = Int64(Day("\(2021 - age)-01-01")!.number)
                if let g, let gi = gender { f.values[Int(program.factSlot[gi])] = g.0 }
                // As the person is decided: the facts that cannot apply to them have no value.
                matcher.restrictToApplicable(&f, &ev)
                probes.append((f, age, g?.1))
            }
        }
        var out: [Finding] = []
        for (oi, offer) in rules.offers.enumerated() {
            if case .household = offer.target { continue }
            guard let e = offer.eligible else { continue }
            let target = program.offers[oi].target
            for fi in readFacts(e) where program.appliesNodes[fi] >= 0 {
                let node = program.appliesNodes[fi]
                let outside = probes.first { p in
                    ev.newProfile()
                    let inTarget = target < 0 ? Truth.yes : ev.untracedTruth(target, p.facts)
                    ev.newProfile()
                    return inTarget != .no && ev.untracedTruth(node, p.facts) == .no
                }
                guard let p = outside else { continue }
                out.append(Finding(offer: oi, fact: fi, age: p.age, gender: p.gender))
            }
        }
        return out
    }

    /// The facts of the person an expression reads, directly or through
    /// named conditions and derived values, in order of first use.
    func readFacts(_ e: CheckedExpr) -> [Int] {
        let rules = matcher.rules
        var facts: [Int] = []
        var seen: Set<[Int]> = []
        var pending = [e]
        while let x = pending.popLast() {
            x.walk { y in
                switch y.kind {
                case .fact(.citizen(let i)): if !facts.contains(i) { facts.append(i) }
                case .condition(let i): if seen.insert([0, i]).inserted { pending.append(rules.conditions[i].expr) }
                case .derived(nil, let i): if seen.insert([1, i]).inserted { pending.append(rules.derived[i].expr) }
                default: break
                }
            }
        }
        return facts
    }
}
