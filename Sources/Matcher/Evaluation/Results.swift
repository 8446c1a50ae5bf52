import RulesDSL

public enum Status: String, Sendable, CaseIterable {
    case eligible, ineligible, undetermined

    @inlinable init(_ t: Truth) {
        switch t {
        case .yes: self = .eligible
        case .no: self = .ineligible
        case .unknown: self = .undetermined
        }
    }
}

/// One condition that decided (or could decide) an offer.
public struct Reason: Sendable {
    public enum Kind: String, Sendable {
        case planned, validity, municipality, condition, assessment
    }
    public var kind: Kind
    /// The condition in the chosen language: `Alder 6–17 år`.
    public var text: String
    /// The citizen's values the condition read: `Alder: 10`.
    public var values: [(label: String, value: String)]
    public var outcome: Truth
    public var range: SourceRange
    /// Fact and assessment names the condition reads.
    public var facts: [String]
}

/// A fact or assessment whose value could change the decision.
public struct Missing: Sendable, Hashable {
    public var name: String
    public var isAssessment: Bool
    /// For list elements: `children[2].birth_date`.
    public var path: String
}

public struct DeadlineResult: Sendable {
    public var label: String
    public var due: Day?
    public var earliest: Day?
    public var passed: Bool
}

public struct DetailResult: Sendable {
    public var name: String
    public var label: String
    /// The applicable text, or nil when unknown.
    public var text: String?
    /// For `lists` details: the matching elements (1-based) and their descriptions.
    public var elements: [String]
    /// For `lists` details: the 1-based numbers of the elements listed.
    public var numbers: [Int] = []
    /// For text details: the Danish and English text chosen.
    public var chosen: LocalizedText?
    /// Facts the detail waits for.
    public var waitsFor: [String]
}

public struct LadderResult: Sendable {
    public struct StepResult: Sendable {
        public var id: String
        public var title: String
        /// Why it is or is not the recommendation.
        public var note: String
        public var applies: Truth
    }
    /// The recommended step's id, or nil when not yet known.
    public var recommended: String?
    public var steps: [StepResult]
}

/// Dates between which the citizen is eligible if nothing else changes.
public struct Window: Sendable {
    public var from: Day?
    public var until: Day?
}

public struct OfferResult: Sendable {
    public var offer: Int
    public var status: Status
    public var reasons: [Reason]
    public var missing: [Missing]
    public var deadlines: [DeadlineResult]
    public var window: Window?
    /// For an ineligible citizen: the first date on which she becomes eligible.
    public var eligibleFrom: Day?
    public var details: [DetailResult]
    public var ladder: LadderResult?
}
