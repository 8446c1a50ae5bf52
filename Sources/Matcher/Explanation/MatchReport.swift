import RulesDSL

/// A question to ask next: an unknown fact or assessment, and the
/// undetermined offers its answer would settle.
public struct Question: Sendable {
    /// The fact's or assessment's name.
    public package(set) var name: String
    /// Whether it is an assessment (a caseworker's) rather than a fact.
    public package(set) var isAssessment: Bool
    /// Ids of the offers the answer could settle.
    public package(set) var offers: [String]
}

/// Everything decided for one citizen on one date: every offer's result and
/// the questions to ask next, with the versions that decided them.
public struct MatchReport: Sendable {
    /// The date the offers were decided as of.
    public package(set) var date: Day
    /// The profile's own identifier, if it has one.
    public package(set) var profileID: String?
    /// Every offer's result, in the rules' order (`ordered` sorts them for reading).
    public package(set) var results: [OfferResult]
    /// The questions to ask next, the one that settles most offers first.
    public package(set) var questions: [Question]
    /// Which rules decided, as the caller names them (matchctl: a hash of the rule files).
    public package(set) var rulesVersion: String
    /// Which version of the program decided, as the caller names it.
    public package(set) var toolVersion: String

    /// Decides every offer for `profile` as of `date`.
    public init(matcher: Matcher, profile: Profile, date: Day, rulesVersion: String, toolVersion: String) {
        self.date = date
        self.profileID = profile.id
        self.results = matcher.evaluateAll(profile: profile, today: date)
        self.rulesVersion = rulesVersion
        self.toolVersion = toolVersion
        self.questions = MatchReport.questions(results, rules: matcher.rules)
    }

    /// Unknown facts ranked by how many undetermined offers each appears in.
    static func questions(_ results: [OfferResult], rules: RuleSet) -> [Question] {
        var byName: [String: Question] = [:]
        var order: [String] = []
        for r in results where r.status == .undetermined {
            for m in r.missing {
                if byName[m.name] == nil {
                    order.append(m.name)
                    byName[m.name] = Question(name: m.name, isAssessment: m.isAssessment, offers: [])
                }
                let id = rules.offers[r.offer].id
                if !(byName[m.name]!.offers.contains(id)) { byName[m.name]!.offers.append(id) }
            }
        }
        return order.enumerated().sorted { a, b in
            let x = byName[a.element]!.offers.count, y = byName[b.element]!.offers.count
            if x != y { return x > y }
            // Facts before assessments: facts can be asked, assessments take a caseworker.
            let ax = byName[a.element]!.isAssessment, ay = byName[b.element]!.isAssessment
            if ax != ay { return !ax }
            return a.offset < b.offset
        }.map { byName[$0.element]! }
    }

    /// Results in the order a caseworker reads them: eligible (soonest
    /// deadline first), undetermined, then ineligible.
    public var ordered: [OfferResult] {
        func rank(_ s: Status) -> Int { s == .eligible ? 0 : (s == .undetermined ? 1 : 2) }
        return results.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if rank(x.status) != rank(y.status) { return rank(x.status) < rank(y.status) }
            let dx = x.deadlines.compactMap(\.due).min(), dy = y.deadlines.compactMap(\.due).min()
            if dx != dy {
                guard let dx else { return false }
                guard let dy else { return true }
                return dx < dy
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}
