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
    /// The id of the member the question is about (`Member.id`).
    public package(set) var member: String? = nil
    /// That member's place in `MatchReport.members`.
    public package(set) var memberIndex: Int? = nil
    /// The (offer, member) decisions the answer could settle, as `offer#member`.
    package var decisions: [String] = []
    /// Whether a running deadline needs the answer (then it is asked first).
    public package(set) var forDeadline = false
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
    /// The questions to ask next, across the case (`Matcher.questions`).
    public package(set) var questions: [Question]
    /// Every member's decisions, the case holder first (`Matcher.decideCase`).
    public package(set) var members: [MemberDecisions]
    /// The offers for the household as a unit, decided once for the case.
    public package(set) var household: [OfferResult]
    /// Whether the case has more than the holder (a partner or children as persons).
    public var isFamily: Bool { members.count > 1 }
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
        let (members, household) = matcher.decideCase(profile, today: date, holder: results)
        self.members = members
        self.household = household
        self.questions = matcher.questions(members: members, household: household, today: date)
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
