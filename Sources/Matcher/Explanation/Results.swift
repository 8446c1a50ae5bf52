import RulesDSL

// What the engine decides, as values. Nothing here is worded: the Reports
// module turns these into Danish or English text, JSON and Markdown, so every
// front end says the same thing the same way.

/// The decision for one offer: eligible, ineligible or undetermined.
public enum Status: String, Sendable, CaseIterable {
    case eligible, ineligible, undetermined

    package init(_ t: Truth) {
        switch t {
        case .yes: self = .eligible
        case .no: self = .ineligible
        case .unknown: self = .undetermined
        }
    }
}

/// A value the citizen's profile (or the evaluation) gave, before wording.
public enum ShownValue: Sendable, Equatable {
    /// Not known.
    case unknown
    /// Known to have no value (the age of someone not yet born).
    case noValue
    case bool(Bool)
    case int(Int64)
    case date(Day)
    /// Value `value` of the rule set's enum `type`.
    case enumValue(type: Int, value: Int)
    /// A text, as written in the profile or the rules.
    case text(String)
    /// A text that matches none of the rule set's constants.
    case otherText
    /// A slot value that fits none of the above (shown as a number).
    case raw(Int64)
    /// A slot value outside its enum (shown as `?`).
    case invalid
    /// The number of elements of a list fact.
    case count(Int)
    /// An assessment that the caseworker has not made.
    case notAssessed
    /// A named condition's outcome; nil when it was not evaluated.
    case truth(Truth?)

    /// Classifies a fact slot's value by the type of what it holds.
    package init(slot v: Int64, type: ValueType, program: Program) {
        if v == Slot.unknown { self = .unknown; return }
        if v == Slot.none { self = .noValue; return }
        switch type {
        case .bool: self = .bool(v == 1)
        case .int: self = .int(v)
        case .date: self = .date(Day(number: Int32(truncatingIfNeeded: v)))
        case .enumeration(let e):
            self = v >= 0 && Int(v) < program.rules.enums[e].values.count ? .enumValue(type: e, value: Int(v)) : .invalid
        case .string:
            self = v >= 0 && Int(v) < program.strings.count ? .text(program.strings[Int(v)]) : .otherText
        default: self = .raw(v)
        }
    }
}

/// Whose label a shown value carries.
public enum ValueSubject: Sendable, Equatable {
    case fact(Int)
    case assessment(Int)
    case derived(Int)
    /// Derived value `index` of record `record` (a child's age).
    case recordDerived(record: Int, index: Int)
    case condition(Int)
    /// Field `field` of record `record` (a child's birth date).
    case field(record: Int, field: Int)
    /// The evaluation date.
    case evaluationDate
}

/// One value a condition read: whose it is and what it was.
public struct ReadValue: Sendable, Equatable {
    public var subject: ValueSubject
    public var value: ShownValue
}

/// One condition that decided (or could decide) an offer.
public struct Reason: Sendable {
    public enum Kind: String, Sendable {
        case planned, validity, municipality, condition, assessment
    }
    /// What the reason is about; the wording comes from this.
    package enum Subject: Sendable {
        /// Offer `offer` is being set up and has no start date yet.
        case planned(offer: Int)
        /// The validity window of offer `offer`.
        case validity(offer: Int)
        /// The municipality of offer `offer`.
        case municipality(offer: Int)
        /// A condition of the offer (a conjunct of its `eligible when`).
        case condition(CheckedExpr)
        /// A required assessment.
        case assessment(Int)
    }
    public var kind: Kind
    package var subject: Subject
    /// The citizen's values the condition read.
    public var values: [ReadValue]
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

/// A deadline of an eligible (or undetermined) offer.
public struct DeadlineResult: Sendable {
    public var label: LocalizedText
    public var due: Day?
    public var earliest: Day?
    public var passed: Bool
}

/// One declared detail of an offer, as it applies to the citizen.
public struct DetailResult: Sendable {
    /// An element of a `lists` detail (a child the offer is for).
    public struct Listed: Sendable {
        /// 1-based position in the list.
        public var number: Int
        public var born: Day?
        /// Whether information is missing to decide that it is listed.
        public var pending: Bool
    }
    public var name: String
    public var label: LocalizedText
    /// For text details: the Danish and English text chosen, or nil when unknown.
    public var chosen: LocalizedText?
    /// For `lists` details whose list is known: the matching elements; else nil.
    public var listed: [Listed]?
    /// For `lists` details: the 1-based numbers of the elements listed.
    public var numbers: [Int] { (listed ?? []).filter { !$0.pending }.map(\.number) }
    /// Facts the detail waits for.
    public var waitsFor: [String]
}

/// A priority ladder's steps and the one recommended.
public struct LadderResult: Sendable {
    /// Why a step is or is not the recommendation.
    public enum Note: Sendable {
        case awaitsAssessment, aboveFeasible, lowerStep, recommended, conditionNotMet, dependsOnMissing
    }
    public struct StepResult: Sendable {
        public var id: String
        public var title: LocalizedText
        public var note: Note
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

/// Everything decided for one offer and one citizen.
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
