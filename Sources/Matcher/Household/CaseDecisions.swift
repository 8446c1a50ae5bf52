import RulesDSL

/// The offers decided for one member of a case.
public struct MemberDecisions: Sendable {
    /// Who.
    public package(set) var member: Member
    /// Every offer for persons (all but those `for household`), in the
    /// rules' order; an offer whose `for` block does not hold for the member
    /// is ineligible with `outsideTarget`.
    public package(set) var results: [OfferResult]
}

extension Matcher {
    /// Whether offer `i` is for the household as a unit (`for household`).
    public func isHouseholdOffer(_ i: Int) -> Bool {
        if case .household = rules.offers[i].target { return true }
        return false
    }

    /// Whether member facts `f` are in offer `i`'s target group (its `for`
    /// block): yes, no, or unknown; yes for an offer without one.
    package func targetTruth(_ i: Int, _ f: Facts, _ ev: inout Evaluator<NoTrace>) -> Truth {
        let t = program.offers[i].target
        return t < 0 ? .yes : ev.untracedTruth(t, f)
    }

    /// Decides a whole case: every offer for persons for every member (in
    /// `members(of:)` order), and the household's offers once, on the case
    /// holder. The holder's decisions are `evaluateAll(profile:today:)`'s.
    public func decideCase(_ profile: Profile, today: Day, holder: [OfferResult]? = nil) -> (members: [MemberDecisions], household: [OfferResult]) {
        let all = holder ?? evaluateAll(profile: profile, today: today)
        var members: [MemberDecisions] = []
        var household: [OfferResult] = []
        let personOffers = rules.offers.indices.filter { !isHouseholdOffer($0) }
        for m in self.members(of: profile) {
            if m.role == .holder {
                household = all.filter { isHouseholdOffer($0.offer) }
                members.append(MemberDecisions(member: m, results: all.filter { !isHouseholdOffer($0.offer) }))
            } else {
                let f = facts(m.profile, today: today)
                members.append(MemberDecisions(member: m, results: personOffers.map { evaluate(offer: $0, facts: f, profile: m.profile, today: today) }))
            }
        }
        return (members, household)
    }

    /// The questions to ask next across a case, each addressed to the member
    /// it is about, never about a fact whose `for` block does not hold for
    /// that member. Ranked: first those that a running deadline needs (a
    /// deadline not yet passed, or one that cannot be computed without the
    /// answer), then by how many (offer, member) decisions the answer could
    /// settle, facts before assessments, then first asked first.
    public func questions(members: [MemberDecisions], household: [OfferResult], today: Day) -> [Question] {
        let rules = self.rules
        struct Key: Hashable { var member: Int; var name: String; var isAssessment: Bool }
        var byKey: [Key: Question] = [:]
        var order: [Key] = []
        var memberFacts: [Int: Facts] = [:]
        var ev = Evaluator(program: program, today: today, tracer: NoTrace())
        /// Whether fact `name` can apply to member `k` (its `for` block is not `no`).
        func applies(_ name: String, _ k: Int) -> Bool {
            guard let fi = rules.factIndex(name), program.appliesNodes.indices.contains(fi) else { return true }
            let node = program.appliesNodes[fi]
            guard node >= 0 else { return true }
            let facts = memberFacts[k] ?? self.facts(members[k].member.profile, today: today)
            memberFacts[k] = facts
            ev.newProfile()
            return ev.untracedTruth(node, facts) != .no
        }
        /// The member a missing fact of member `k`'s decision is about, and the fact's name.
        func address(_ path: String, _ name: String, _ k: Int) -> (Int, String) {
            guard let open = path.firstIndex(of: "[") else { return (k, name) }
            guard let close = path.firstIndex(of: "]"), let n = Int(path[path.index(after: open)..<close]) else { return (k, name) }
            let list = String(path[..<open])
            let field = path[path.index(after: close)...].drop { $0 == "." }
            guard let lf = rules.factIndex(list), rules.memberFacts.contains(lf),
                  let m = members.firstIndex(where: { $0.member.list == lf && $0.member.element == n - 1 }) else { return (k, name) }
            return (m, field.isEmpty ? name : String(field))
        }
        func add(_ path: String, _ name: String, assessment: Bool, member k: Int, offer: Int, urgent: Bool) {
            let (m, fact) = assessment ? (k, name) : address(path, name, k)
            guard assessment || applies(fact, m) else { return }
            let key = Key(member: m, name: fact, isAssessment: assessment)
            if byKey[key] == nil {
                order.append(key)
                byKey[key] = Question(name: fact, isAssessment: assessment, offers: [], member: members[m].member.id, memberIndex: m)
            }
            let decision = "\(rules.offers[offer].id)#\(k)"
            if !byKey[key]!.decisions.contains(decision) {
                byKey[key]!.decisions.append(decision)
                if !byKey[key]!.offers.contains(rules.offers[offer].id) { byKey[key]!.offers.append(rules.offers[offer].id) }
            }
            if urgent { byKey[key]!.forDeadline = true }
        }
        let holder = members.firstIndex { $0.member.role == .holder } ?? 0
        let decided = members.enumerated().flatMap { k, m in m.results.map { (k, $0) } } + household.map { (holder, $0) }
        for (k, r) in decided where r.status != .ineligible {
            let running = r.deadlines.contains { $0.due != nil && !$0.passed }
            if r.status == .undetermined {
                for m in r.missing { add(m.path, m.name, assessment: m.isAssessment, member: k, offer: r.offer, urgent: running) }
            }
            for d in r.deadlines where d.due == nil {
                for path in d.waitsFor { add(path, path, assessment: false, member: k, offer: r.offer, urgent: true) }
            }
        }
        return order.enumerated().sorted { a, b in
            let x = byKey[a.element]!, y = byKey[b.element]!
            if x.forDeadline != y.forDeadline { return x.forDeadline }
            if x.decisions.count != y.decisions.count { return x.decisions.count > y.decisions.count }
            if x.isAssessment != y.isAssessment { return !x.isAssessment }
            return a.offset < b.offset
        }.map { byKey[$0.element]! }
    }
}
